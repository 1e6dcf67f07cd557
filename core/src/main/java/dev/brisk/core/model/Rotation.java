package dev.brisk.core.model;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rotation: an item shown to a user {@code threshold} times or more without the user interacting
 * with it since is demoted for that user: it goes after every item that is not, so fresh items
 * get the places at the top. Impressions never count as a preference; they only feed this.
 */
public final class Rotation {
    private final int threshold;

    /** {@code threshold} 0 turns rotation off. */
    public Rotation(int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative");
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /**
     * The items of a history (newest first) shown at least {@code threshold} times after the
     * user's latest interaction with them (or ever, when there was none).
     */
    public Set<String> overexposed(List<Event> history) {
        if (threshold == 0) {
            return Set.of();
        }
        Map<String, Integer> shown = new HashMap<>();
        Set<String> engaged = new HashSet<>();
        Set<String> out = new HashSet<>();
        for (Event e : history) {
            String item = e.itemId();
            if (engaged.contains(item)) {
                continue;
            }
            if (e.type() == EventType.IMPRESSION) {
                if (shown.merge(item, 1, Integer::sum) >= threshold) {
                    out.add(item);
                }
            } else {
                engaged.add(item);
            }
        }
        return out;
    }

    /** The list with demoted items moved behind the others (order kept within each group), cut to n. */
    public static List<Recommendation> demote(List<Recommendation> ranked, Set<String> demoted, int n) {
        if (demoted.isEmpty()) {
            return ranked.size() <= n ? ranked : ranked.subList(0, n);
        }
        List<Recommendation> out = new ArrayList<>(Math.min(n, ranked.size()));
        for (Recommendation r : ranked) {
            if (out.size() < n && !demoted.contains(r.itemId())) {
                out.add(r);
            }
        }
        for (Recommendation r : ranked) {
            if (out.size() < n && demoted.contains(r.itemId())) {
                out.add(r);
            }
        }
        return out;
    }
}
