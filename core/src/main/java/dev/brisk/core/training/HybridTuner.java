package dev.brisk.core.training;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.eval.ChronologicalSplit;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.model.TopK;
import dev.brisk.core.model.UserVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the hybrid's weights: on a validation split, every weighting on a grid over the simplex
 * (steps of 0.1 across the parts) is scored by the mean NDCG@10 and NDCG@20 it would give, and
 * the best one wins, then refined by moving shares of 0.05 between parts while that scores better. Each user's candidates are pooled once (the top items of every part, seen items
 * excluded), so trying a weighting costs only a blend and a sort of the pool.
 */
final class HybridTuner {
    /** The objective is the mean of NDCG at these cutoffs: two cutoffs see more hits, so less noise. */
    static final int[] KS = {10, 20};
    private static final int MAX_K = 20;
    private static final int POOL_PER_PART = 50;
    private static final int STEPS = 10;
    private static final double FINE_STEP = 0.05;
    private static final int REFINE_ROUNDS = 10;

    /** The chosen weights, their validation objective, and that of every single part on its own. */
    record Tuning(Hybrid.Weights weights, double ndcg, Map<String, Double> partNdcg, int users, int weightings) {

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("objective", "mean of ndcg@10 and ndcg@20 on the validation split");
            m.put("validation_objective", round(ndcg));
            Map<String, Object> parts = new LinkedHashMap<>();
            partNdcg.forEach((part, value) -> parts.put(part, round(value)));
            m.put("part_objective", parts);
            m.put("users", users);
            m.put("weightings_tried", weightings);
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 100_000.0) / 100_000.0;
        }
    }

    /** One user's pool: candidate item indexes, each part's scaled score per candidate, and hits. */
    private record Pool(int[] items, float[][] scores, boolean[] relevant, int relevantCount) {
    }

    private HybridTuner() {
    }

    static Tuning tune(Hybrid probe, ChronologicalSplit split, Catalog catalog) {
        ItemIndex index = probe.index();
        List<Pool> pools = new ArrayList<>();
        for (ChronologicalSplit.TestUser user : split.users()) {
            UserVector vector = UserVector.of(user.history(), index.ids(), probe.settings());
            if (!vector.hasPositive()) {
                continue; // served from the trend whatever the weights: nothing to learn from
            }
            pools.add(pool(probe.parts(vector), index, user, catalog));
        }
        List<double[]> grid = grid();
        double bestScore = -1;
        double[] best = Hybrid.Weights.defaults().asArray();
        for (double[] w : grid) {
            double score = meanNdcg(pools, w);
            if (score > bestScore + 1e-12) {
                bestScore = score;
                best = w;
            }
        }
        int tried = grid.size();
        // Then finer: move half a grid step from one part to another while that helps.
        for (int round = 0; round < REFINE_ROUNDS; round++) {
            double[] improved = null;
            for (int from = 0; from < best.length; from++) {
                for (int to = 0; to < best.length; to++) {
                    if (from == to || best[from] < FINE_STEP - 1e-9) {
                        continue;
                    }
                    double[] w = best.clone();
                    w[from] = Math.max(0, Math.round((w[from] - FINE_STEP) * 100) / 100.0);
                    w[to] = Math.round((w[to] + FINE_STEP) * 100) / 100.0;
                    double score = meanNdcg(pools, w);
                    tried++;
                    if (score > bestScore + 1e-12) {
                        bestScore = score;
                        improved = w;
                    }
                }
            }
            if (improved == null) {
                break;
            }
            best = improved;
        }
        Map<String, Double> parts = new LinkedHashMap<>();
        for (int p = 0; p < Hybrid.PARTS.size(); p++) {
            double[] only = new double[Hybrid.PARTS.size()];
            only[p] = 1;
            parts.put(Hybrid.PARTS.get(p), meanNdcg(pools, only));
        }
        return new Tuning(Hybrid.Weights.of(best), Math.max(0, bestScore), parts, pools.size(), tried);
    }

    private static Pool pool(Hybrid.Parts parts, ItemIndex index, ChronologicalSplit.TestUser user, Catalog catalog) {
        java.util.BitSet chosen = new java.util.BitSet(index.size());
        for (float[] scores : parts.scaled) {
            float[] candidates = scores.clone();
            int[] top = TopK.select(candidates, POOL_PER_PART, i -> {
                String id = index.id(i);
                return !user.seen().contains(id) && catalog.isServable(id);
            });
            for (int i : top) {
                chosen.set(i);
            }
        }
        int[] items = chosen.stream().toArray();
        float[][] scores = new float[Hybrid.PARTS.size()][items.length];
        boolean[] relevant = new boolean[items.length];
        for (int c = 0; c < items.length; c++) {
            for (int p = 0; p < scores.length; p++) {
                scores[p][c] = parts.scaled[p][items[c]];
            }
            relevant[c] = user.relevant().contains(index.id(items[c]));
        }
        return new Pool(items, scores, relevant, user.relevant().size());
    }

    private static double meanNdcg(List<Pool> pools, double[] w) {
        if (pools.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (Pool pool : pools) {
            float[] blended = new float[pool.items().length];
            for (int p = 0; p < w.length; p++) {
                if (w[p] == 0) {
                    continue;
                }
                float wp = (float) w[p];
                float[] s = pool.scores()[p];
                for (int c = 0; c < blended.length; c++) {
                    blended[c] += wp * s[c];
                }
            }
            // TopK breaks ties by position; pool positions follow item indexes, as serving does.
            int[] top = TopK.select(blended, MAX_K, c -> true);
            for (int k : KS) {
                double dcg = 0;
                for (int r = 0; r < Math.min(k, top.length); r++) {
                    if (pool.relevant()[top[r]]) {
                        dcg += 1.0 / (Math.log(r + 2) / Math.log(2));
                    }
                }
                double ideal = 0;
                for (int r = 0; r < Math.min(k, pool.relevantCount()); r++) {
                    ideal += 1.0 / (Math.log(r + 2) / Math.log(2));
                }
                sum += dcg / ideal / KS.length;
            }
        }
        return sum / pools.size();
    }

    /** Every weighting with shares in steps of 1/STEPS summing to one. */
    private static List<double[]> grid() {
        List<double[]> out = new ArrayList<>();
        compositions(new int[Hybrid.PARTS.size()], 0, STEPS, out);
        return out;
    }

    private static void compositions(int[] shares, int part, int left, List<double[]> out) {
        if (part == shares.length - 1) {
            shares[part] = left;
            double[] w = new double[shares.length];
            for (int p = 0; p < w.length; p++) {
                w[p] = (double) shares[p] / STEPS;
            }
            out.add(w);
            return;
        }
        for (int s = 0; s <= left; s++) {
            shares[part] = s;
            compositions(shares, part + 1, left - s, out);
        }
    }
}
