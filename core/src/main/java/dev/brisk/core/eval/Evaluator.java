package dev.brisk.core.eval;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Offline evaluation of a trained model on a {@link ChronologicalSplit}: every evaluated user is
 * served exactly as online (their training history, newest first, through
 * {@link Recommender#recommend}), with every item they have not interacted with in training as a
 * candidate (inactive catalog items excepted), and the list is compared with what they went on to
 * interact with.
 */
public final class Evaluator {
    public static final int[] CUTOFFS = {10, 20};

    private final int[] cutoffs;
    private final Workers workers;

    /** Evaluates at {@link #CUTOFFS}, the users spread over {@code workers}. */
    public Evaluator(Workers workers) {
        this(CUTOFFS, workers);
    }

    public Evaluator(int[] cutoffs, Workers workers) {
        this.cutoffs = cutoffs.clone();
        this.workers = workers;
    }

    /** Evaluates one model; {@code trainMillis} is recorded with the figures. */
    public ModelMetrics evaluate(Recommender model, ChronologicalSplit split, Catalog catalog, long trainMillis,
                                 TrainingProgress progress) {
        long started = System.nanoTime();
        int maxK = 0;
        for (int k : cutoffs) {
            maxK = Math.max(maxK, k);
        }
        List<ChronologicalSplit.TestUser> users = split.users();
        int n = users.size();
        double[][] perUser = new double[n][4 * cutoffs.length];
        @SuppressWarnings("unchecked")
        List<String>[] lists = new List[n];
        int k = maxK;
        AtomicInteger done = new AtomicInteger();
        workers.forEach(n, 16, u -> {
            ChronologicalSplit.TestUser user = users.get(u);
            Set<String> seen = user.seen();
            CandidateFilter filter = id -> !seen.contains(id) && catalog.isServable(id);
            List<Recommendation> recs = model.recommend(new RecommendQuery(user.userId(), user.history(), k, null, filter));
            List<String> ranked = new ArrayList<>(recs.size());
            for (Recommendation r : recs) {
                ranked.add(r.itemId());
            }
            lists[u] = ranked;
            for (int c = 0; c < cutoffs.length; c++) {
                perUser[u][4 * c] = RankingMetrics.precision(ranked, user.relevant(), cutoffs[c]);
                perUser[u][4 * c + 1] = RankingMetrics.recall(ranked, user.relevant(), cutoffs[c]);
                perUser[u][4 * c + 2] = RankingMetrics.ndcg(ranked, user.relevant(), cutoffs[c]);
                perUser[u][4 * c + 3] = RankingMetrics.hitRate(ranked, user.relevant(), cutoffs[c]);
            }
            int d = done.incrementAndGet();
            if (d % 50 == 0 || d == n) {
                progress.report(model.type(), d, n);
            }
        });
        int universe = candidateCount(split.train(), catalog);
        double[] precision = new double[cutoffs.length];
        double[] recall = new double[cutoffs.length];
        double[] ndcg = new double[cutoffs.length];
        double[] hitRate = new double[cutoffs.length];
        double[] coverage = new double[cutoffs.length];
        for (int c = 0; c < cutoffs.length; c++) {
            Set<String> covered = new HashSet<>();
            for (int u = 0; u < n; u++) {
                precision[c] += perUser[u][4 * c];
                recall[c] += perUser[u][4 * c + 1];
                ndcg[c] += perUser[u][4 * c + 2];
                hitRate[c] += perUser[u][4 * c + 3];
                covered.addAll(lists[u].subList(0, Math.min(cutoffs[c], lists[u].size())));
            }
            if (n > 0) {
                precision[c] /= n;
                recall[c] /= n;
                ndcg[c] /= n;
                hitRate[c] /= n;
            }
            coverage[c] = universe == 0 ? 0 : (double) covered.size() / universe;
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        return new ModelMetrics(model.type(), n, cutoffs.clone(), precision, recall, ndcg, hitRate, coverage,
                trainMillis, took);
    }

    /** Items that could be recommended: active catalog items and items of the training data not deactivated. */
    static int candidateCount(InteractionLog train, Catalog catalog) {
        Set<String> items = new HashSet<>();
        for (Item item : catalog.items()) {
            if (item.active()) {
                items.add(item.itemId());
            }
        }
        for (int i = 0; i < train.items().size(); i++) {
            String id = train.items().idAt(i);
            if (catalog.isServable(id)) {
                items.add(id);
            }
        }
        return items.size();
    }
}
