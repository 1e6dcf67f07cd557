package dev.brisk.core.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model's offline figures: means over the evaluated users of Precision, Recall, NDCG and
 * HitRate at each cutoff, and catalog coverage (distinct items recommended in anyone's top k,
 * divided by the number of items that could be recommended).
 */
public record ModelMetrics(String model, int users, int[] cutoffs, double[] precision, double[] recall,
                           double[] ndcg, double[] hitRate, double[] coverage, long trainMillis, long evalMillis) {

    /** The value of a metric ("ndcg", "recall", ...) at a cutoff. */
    public double get(String metric, int k) {
        for (int c = 0; c < cutoffs.length; c++) {
            if (cutoffs[c] == k) {
                return switch (metric) {
                    case "precision" -> precision[c];
                    case "recall" -> recall[c];
                    case "ndcg" -> ndcg[c];
                    case "hit_rate" -> hitRate[c];
                    case "coverage" -> coverage[c];
                    default -> throw new IllegalArgumentException("Unknown metric " + metric);
                };
            }
        }
        throw new IllegalArgumentException("No cutoff " + k + " was evaluated");
    }

    public double ndcg(int k) {
        return get("ndcg", k);
    }

    /** Flat, JSON-ready: {"ndcg@10": ..., "recall@20": ..., "users": ...}, rounded to 5 decimals. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String metric : new String[] {"precision", "recall", "ndcg", "hit_rate", "coverage"}) {
            for (int k : cutoffs) {
                m.put(metric + "@" + k, Math.round(get(metric, k) * 100_000.0) / 100_000.0);
            }
        }
        m.put("users", users);
        m.put("train_ms", trainMillis);
        m.put("eval_ms", evalMillis);
        return m;
    }
}
