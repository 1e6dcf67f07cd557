package dev.brisk.core.model;

import dev.brisk.core.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Users with a taste like one user's: the cosine between their ALS factors, each folded in from
 * the user's current history by the served model (the same vector that scores their list).
 */
public final class UserSimilarity {
    /** One similar user and the cosine of their factors with the user asked about (−1 to 1). */
    public record Similar(String userId, double score) {
    }

    private UserSimilarity() {
    }

    /**
     * The {@code n} candidates most like the user of {@code history}, best first; empty when the
     * model knows no item the user liked. Candidates without such an item are left out.
     */
    public static List<Similar> rank(ImplicitAls model, List<Event> history, Map<String, List<Event>> candidates,
                                     int n) {
        float[] target = factors(model, history);
        if (target == null) {
            return List.of();
        }
        List<Similar> found = new ArrayList<>();
        candidates.forEach((userId, events) -> {
            float[] other = factors(model, events);
            if (other != null) {
                found.add(new Similar(userId, cosine(target, other)));
            }
        });
        found.sort(Comparator.comparingDouble(Similar::score).reversed().thenComparing(Similar::userId));
        return found.size() > n ? List.copyOf(found.subList(0, n)) : List.copyOf(found);
    }

    private static float[] factors(ImplicitAls model, List<Event> history) {
        UserVector user = UserVector.of(history, model.index().ids(), model.settings());
        return user.hasPositive() ? model.userFactors(user) : null;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : Math.round(dot / Math.sqrt(na * nb) * 1e6) / 1e6;
    }
}
