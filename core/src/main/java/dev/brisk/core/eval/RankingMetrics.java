package dev.brisk.core.eval;

import java.util.List;
import java.util.Set;

/**
 * Top-k ranking metrics with binary relevance, for one user's list. {@code ranked} is best first
 * and may be shorter than k (missing places count as misses).
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    public static int hits(List<String> ranked, Set<String> relevant, int k) {
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                hits++;
            }
        }
        return hits;
    }

    /** Relevant items in the top k, divided by k. */
    public static double precision(List<String> ranked, Set<String> relevant, int k) {
        return (double) hits(ranked, relevant, k) / k;
    }

    /** Relevant items in the top k, divided by all relevant items. */
    public static double recall(List<String> ranked, Set<String> relevant, int k) {
        return relevant.isEmpty() ? 0.0 : (double) hits(ranked, relevant, k) / relevant.size();
    }

    /** 1 when any relevant item is in the top k. */
    public static double hitRate(List<String> ranked, Set<String> relevant, int k) {
        return hits(ranked, relevant, k) > 0 ? 1.0 : 0.0;
    }

    /**
     * Discounted cumulative gain of the top k (a hit at rank r, 1-based, gains 1 / log2(r + 1)),
     * divided by that of the ideal list (all relevant items first, at most k of them).
     */
    public static double ndcg(List<String> ranked, Set<String> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0.0;
        }
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += 1.0 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, relevant.size()); i++) {
            ideal += 1.0 / log2(i + 2);
        }
        return dcg / ideal;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
