package dev.brisk.core.eval;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prequential ("test, then learn") evaluation, after Vinagre, Jorge and Gama, "Evaluation of
 * recommender systems in streaming environments" (2014): the model trained on a
 * {@link ChronologicalSplit}'s training part meets the held-out events in time order. Before each
 * event that shows a new positive interest (a preference event of positive weight on an item the
 * user has not interacted with so far) the user's top {@value #K} is asked for, every item they
 * have interacted with so far excluded, and it is a hit when the event's item is in it; then the
 * event joins the user's history as serving would add it (newest first, at most
 * {@code historyLimit} events), so the next list folds it in. The model is not retrained during
 * the replay.
 *
 * <p>Next to it, the static baseline: the same model and the same questions (same exclusions), its
 * history frozen at the split, so it never sees the replayed events. The gap between the two is
 * what being real time is worth.
 *
 * <p>A user's list depends only on that user's history and the fixed model, so replaying each
 * user's events in their time order, users in parallel, gives exactly the figures of one replay of
 * all events in global time order.
 */
public final class PrequentialEvaluator {
    /** The list length asked for before each event. */
    public static final int K = 10;

    private final FeedbackWeights weights;
    private final int historyLimit;
    private final Workers workers;

    /** Replays with at most {@code historyLimit} events of history per user, the users spread over {@code workers}. */
    public PrequentialEvaluator(FeedbackWeights weights, int historyLimit, Workers workers) {
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be at least 1");
        }
        this.weights = weights;
        this.historyLimit = historyLimit;
        this.workers = workers;
    }

    /**
     * Hit rate and mean reciprocal rank at {@value #K} over all predicted events, and the hit rate
     * averaged per user (each user with at least one predicted event counts once).
     */
    public record Figures(int predictions, int users, double hitRate, double mrr, double userHitRate) {

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hr@" + K, round(hitRate));
            m.put("mrr@" + K, round(mrr));
            m.put("user_hr@" + K, round(userHitRate));
            m.put("predictions", predictions);
            m.put("users", users);
            return m;
        }
    }

    /** One model's figures with the replay ("live") and without it ("static"). */
    public record Result(String model, Figures live, Figures frozen, long evalMillis) {

        /** Live HR@10 over static HR@10 (0 when the static one is 0). */
        public double lift() {
            return frozen.hitRate() == 0 ? 0 : live.hitRate() / frozen.hitRate();
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prequential", live.asMap());
            m.put("static", frozen.asMap());
            m.put("hr_lift", round(lift()));
            m.put("eval_ms", evalMillis);
            return m;
        }
    }

    /** Per user: predictions, hits and reciprocal ranks, live then static. */
    private static final class Tally {
        int predictions;
        int liveHits;
        double liveRanks;
        int frozenHits;
        double frozenRanks;
    }

    /** Replays the split's held-out events against one model. */
    public Result evaluate(Recommender model, ChronologicalSplit split, Catalog catalog, TrainingProgress progress) {
        long started = System.nanoTime();
        Map<String, List<Event>> replay = new LinkedHashMap<>();
        for (Event e : split.heldOutEvents()) {
            replay.computeIfAbsent(e.userId(), id -> new ArrayList<>()).add(e);
        }
        List<ChronologicalSplit.TestUser> users = split.users();
        Tally[] tallies = new Tally[users.size()];
        AtomicInteger done = new AtomicInteger();
        workers.forEach(users.size(), 8, u -> {
            ChronologicalSplit.TestUser user = users.get(u);
            tallies[u] = replay(model, user, replay.getOrDefault(user.userId(), List.of()), catalog);
            int d = done.incrementAndGet();
            if (d % 50 == 0 || d == users.size()) {
                progress.report(model.type(), d, users.size());
            }
        });
        long took = (System.nanoTime() - started) / 1_000_000;
        return new Result(model.type(), figures(tallies, true), figures(tallies, false), took);
    }

    private Tally replay(Recommender model, ChronologicalSplit.TestUser user, List<Event> events, Catalog catalog) {
        Tally tally = new Tally();
        Set<String> seen = new HashSet<>(user.seen());
        CandidateFilter unseen = id -> !seen.contains(id) && catalog.isServable(id);
        // The frozen history's list never changes; only what is excluded grows, by at most one item per event.
        List<Recommendation> frozen = model.recommend(new RecommendQuery(user.userId(), capped(user.history()),
                K + events.size(), null, unseen));
        List<Event> current = new ArrayList<>(user.history()); // newest first, as serving reads it
        for (Event e : events) {
            boolean preference = e.type().isPreference();
            if (preference && !seen.contains(e.itemId()) && weights.weight(e.type(), e.rating()) > 0) {
                tally.predictions++;
                int live = rank(model.recommend(new RecommendQuery(user.userId(), capped(current), K, null, unseen)),
                        unseen, e.itemId());
                int still = rank(frozen, unseen, e.itemId());
                if (live > 0) {
                    tally.liveHits++;
                    tally.liveRanks += 1.0 / live;
                }
                if (still > 0) {
                    tally.frozenHits++;
                    tally.frozenRanks += 1.0 / still;
                }
            }
            current.add(0, e);
            if (preference) {
                seen.add(e.itemId());
            }
        }
        return tally;
    }

    private List<Event> capped(List<Event> newestFirst) {
        return newestFirst.size() <= historyLimit ? newestFirst : newestFirst.subList(0, historyLimit);
    }

    /** The 1-based rank of the item among the first K items of the list that pass the filter, 0 when it is not there. */
    private static int rank(List<Recommendation> list, CandidateFilter filter, String item) {
        int rank = 0;
        for (int r = 0; r < list.size() && rank < K; r++) {
            String id = list.get(r).itemId();
            if (filter.accepts(id)) {
                rank++;
                if (id.equals(item)) {
                    return rank;
                }
            }
        }
        return 0;
    }

    private static Figures figures(Tally[] tallies, boolean live) {
        int predictions = 0;
        int hits = 0;
        double ranks = 0;
        int users = 0;
        double userRates = 0;
        for (Tally t : tallies) {
            if (t.predictions == 0) {
                continue;
            }
            int h = live ? t.liveHits : t.frozenHits;
            predictions += t.predictions;
            hits += h;
            ranks += live ? t.liveRanks : t.frozenRanks;
            users++;
            userRates += (double) h / t.predictions;
        }
        return new Figures(predictions, users, predictions == 0 ? 0 : (double) hits / predictions,
                predictions == 0 ? 0 : ranks / predictions, users == 0 ? 0 : userRates / users);
    }

    private static double round(double v) {
        return Math.round(v * 100_000.0) / 100_000.0;
    }
}
