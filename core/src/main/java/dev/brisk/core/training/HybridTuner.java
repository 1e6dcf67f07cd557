package dev.brisk.core.training;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.eval.ChronologicalSplit;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.model.TopK;
import dev.brisk.core.model.UserVector;
import dev.brisk.core.model.Workers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the hybrid's weights: on a validation split, every weighting on a coarse grid over the
 * simplex (steps of 0.2 across the parts) is scored by the NDCG@10 and NDCG@20 it would give, and
 * the best one is refined by moving shares of 0.1, then of 0.05, between parts while that scores
 * better (coarse to fine: a fraction of the cost of a 0.1 grid over six parts). Each user's
 * candidates are pooled once (the top items of every part, seen items excluded), so trying a
 * weighting costs only a blend and a sort of the pool.
 *
 * <p>The objective weighs two questions, as a real-time service is asked both: three quarters for the
 * list from the training history against everything the user went on to like (offline), a quarter
 * for the list just before each of the user's next {@value #NEXT_EVENTS} new positive
 * interactions, with the events before it folded into the history, against that one item (what
 * comes next, as in the prequential replay of {@code PrequentialEvaluator}).
 */
final class HybridTuner {
    /** The objective is the mean of NDCG at these cutoffs: two cutoffs see more hits, so less noise. */
    static final int[] KS = {10, 20};
    private static final int MAX_K = 20;
    private static final int POOL_PER_PART = 50;
    private static final int STEPS = 5;
    /** Next interactions per validation user asked about, the history updated in between. */
    static final int NEXT_EVENTS = 5;
    private static final double[] FINE_STEPS = {0.1, 0.05};
    private static final int REFINE_ROUNDS = 10;

    /** The chosen weights, their validation objective, and that of every single part on its own. */
    record Tuning(Hybrid.Weights weights, double ndcg, Map<String, Double> partNdcg, int users, int weightings) {

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("objective", "mean of ndcg@10 and ndcg@20 on the validation split, three quarters for the lists "
                    + "from the training history against all held-out items, a quarter for the lists before each of the next "
                    + NEXT_EVENTS + " new items (earlier events folded in) against that item");
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

    /**
     * One user's pool of {@code size} candidates, in {@code block} from {@code offset}: a row per part
     * with its scaled score per candidate, then a row that is 1 where the candidate is a hit.
     */
    private record Pool(float[] block, int offset, int size, int relevantCount) {
        boolean relevant(int candidate) {
            return block[offset + Hybrid.PARTS.size() * size + candidate] != 0;
        }
    }

    private HybridTuner() {
    }

    static Tuning tune(Hybrid probe, ChronologicalSplit split, Catalog catalog, Workers workers) {
        ItemIndex index = probe.index();
        List<Pool> offline = new ArrayList<>();
        List<Pool> next = new ArrayList<>();
        FloatBlocks blocks = new FloatBlocks();
        for (ChronologicalSplit.TestUser user : split.users()) {
            UserVector vector = UserVector.of(user.history(), index.ids(), probe.settings());
            if (vector.hasPositive()) { // otherwise served from the trend whatever the weights: nothing to learn from
                offline.add(pool(probe.parts(vector), index, user.seen(), user.relevant(), catalog, blocks));
            }
            nextPools(probe, user, user.heldOut(), catalog, blocks, next);
        }
        List<List<Pool>> pools = List.of(offline, next);
        double[] shares = {0.75, 0.25};
        List<double[]> grid = grid();
        double bestScore = -1;
        double[] best = Hybrid.Weights.defaults().asArray();
        double[] scores = new double[grid.size()];
        workers.forEach(grid.size(), 16, g -> scores[g] = meanNdcg(pools, shares, grid.get(g)));
        for (int g = 0; g < scores.length; g++) { // in grid order, so the choice does not depend on the threads
            if (scores[g] > bestScore + 1e-12) {
                bestScore = scores[g];
                best = grid.get(g);
            }
        }
        int tried = grid.size();
        // Then finer: move a share of 0.1, then of 0.05, from one part to another while that helps.
        for (double step : FINE_STEPS) {
            for (int round = 0; round < REFINE_ROUNDS; round++) {
                List<double[]> moves = moves(best, step);
                double[] moved = new double[moves.size()];
                workers.forEach(moves.size(), 4, m -> moved[m] = meanNdcg(pools, shares, moves.get(m)));
                tried += moves.size();
                double[] improved = null;
                for (int m = 0; m < moved.length; m++) {
                    if (moved[m] > bestScore + 1e-12) {
                        bestScore = moved[m];
                        improved = moves.get(m);
                    }
                }
                if (improved == null) {
                    break;
                }
                best = improved;
            }
        }
        Map<String, Double> parts = new LinkedHashMap<>();
        for (int p = 0; p < Hybrid.PARTS.size(); p++) {
            double[] only = new double[Hybrid.PARTS.size()];
            only[p] = 1;
            parts.put(Hybrid.PARTS.get(p), meanNdcg(pools, shares, only));
        }
        return new Tuning(Hybrid.Weights.of(best), Math.max(0, bestScore), parts, offline.size(), tried);
    }

    /** One pool before each of the user's next new positive interactions, the events before it folded in. */
    private static void nextPools(Hybrid probe, ChronologicalSplit.TestUser user, List<Event> events, Catalog catalog,
                                  FloatBlocks blocks, List<Pool> out) {
        ItemIndex index = probe.index();
        FeedbackWeights weights = probe.settings().weights();
        List<Event> history = new ArrayList<>(user.history());
        Set<String> seen = new HashSet<>(user.seen());
        int asked = 0;
        for (Event e : events) {
            if (asked == NEXT_EVENTS) {
                return;
            }
            if (e.type().isPreference() && !seen.contains(e.itemId()) && weights.weight(e.type(), e.rating()) > 0) {
                asked++;
                UserVector vector = UserVector.of(history, index.ids(), probe.settings());
                if (vector.hasPositive()) {
                    out.add(pool(probe.parts(vector), index, seen, Set.of(e.itemId()), catalog, blocks));
                }
            }
            history.add(0, e);
            if (e.type().isPreference()) {
                seen.add(e.itemId());
            }
        }
    }

    private static Pool pool(Hybrid.Parts parts, ItemIndex index, Set<String> seen, Set<String> relevantItems,
                             Catalog catalog, FloatBlocks blocks) {
        java.util.BitSet chosen = new java.util.BitSet(index.size());
        for (float[] scores : parts.scaled) {
            float[] candidates = scores.clone();
            int[] top = TopK.select(candidates, POOL_PER_PART, i -> {
                String id = index.id(i);
                return !seen.contains(id) && catalog.isServable(id);
            });
            for (int i : top) {
                chosen.set(i);
            }
        }
        int[] items = chosen.stream().toArray();
        int n = items.length;
        int rows = Hybrid.PARTS.size();
        FloatBlocks.Slice slice = blocks.take((rows + 1) * n);
        float[] block = slice.block();
        for (int c = 0; c < n; c++) {
            for (int p = 0; p < rows; p++) {
                block[slice.offset() + p * n + c] = parts.scaled[p][items[c]];
            }
            block[slice.offset() + rows * n + c] = relevantItems.contains(index.id(items[c])) ? 1f : 0f;
        }
        return new Pool(block, slice.offset(), n, relevantItems.size());
    }

    /** Each group of pools' mean NDCG, weighted by the group's share (an empty group's share goes to the others). */
    private static double meanNdcg(List<List<Pool>> groups, double[] shares, double[] w) {
        double sum = 0;
        double counted = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (!groups.get(g).isEmpty()) {
                sum += shares[g] * groupNdcg(groups.get(g), w);
                counted += shares[g];
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    private static double groupNdcg(List<Pool> pools, double[] w) {
        if (pools.isEmpty()) {
            return 0;
        }
        double sum = 0;
        int longest = 0;
        for (Pool pool : pools) {
            longest = Math.max(longest, pool.size());
        }
        // One array for every pool of the group (this runs once per pool and weight vector tried); past a
        // shorter pool's end it holds NaN, which TopK passes over.
        float[] blended = new float[longest];
        for (Pool pool : pools) {
            int n = pool.size();
            java.util.Arrays.fill(blended, 0, n, 0f);
            java.util.Arrays.fill(blended, n, longest, Float.NaN);
            float[] block = pool.block();
            for (int p = 0; p < w.length; p++) {
                if (w[p] == 0) {
                    continue;
                }
                float wp = (float) w[p];
                int from = pool.offset() + p * n;
                for (int c = 0; c < n; c++) {
                    blended[c] += wp * block[from + c];
                }
            }
            // TopK breaks ties by position; pool positions follow item indexes, as serving does.
            int[] top = TopK.select(blended, MAX_K, c -> true);
            for (int k : KS) {
                double dcg = 0;
                for (int r = 0; r < Math.min(k, top.length); r++) {
                    if (pool.relevant(top[r])) {
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

    /** The weightings one share of {@code step} away from {@code w}: taken from one part, given to another. */
    private static List<double[]> moves(double[] w, double step) {
        List<double[]> out = new ArrayList<>();
        for (int from = 0; from < w.length; from++) {
            for (int to = 0; to < w.length; to++) {
                if (from != to && w[from] >= step - 1e-9) {
                    double[] moved = w.clone();
                    moved[from] = Math.max(0, Math.round((w[from] - step) * 100) / 100.0);
                    moved[to] = Math.round((w[to] + step) * 100) / 100.0;
                    out.add(moved);
                }
            }
        }
        return out;
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
