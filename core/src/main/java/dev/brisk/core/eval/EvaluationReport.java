package dev.brisk.core.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The result of evaluating several models on one split: a table for people, a map for JSON. */
public record EvaluationReport(int users, int heldOut, int trainInteractions, List<ModelMetrics> models) {

    public EvaluationReport {
        models = List.copyOf(models);
    }

    public ModelMetrics model(String type) {
        return models.stream().filter(m -> m.model().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No model " + type + " in the report"));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("method", "per-user chronological hold-out of the last 20% of interactions");
        split.put("evaluated_users", users);
        split.put("held_out_interactions", heldOut);
        split.put("train_events", trainInteractions);
        Map<String, Object> byModel = new LinkedHashMap<>();
        for (ModelMetrics m : models) {
            byModel.put(m.model(), m.asMap());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("split", split);
        out.put("models", byModel);
        return out;
    }

    /** A fixed-width table: one row per model, one column per metric and cutoff. */
    public String table() {
        int[] cutoffs = models.isEmpty() ? Evaluator.CUTOFFS : models.get(0).cutoffs();
        String[] metrics = {"precision", "recall", "ndcg", "hit_rate", "coverage"};
        String[] short_ = {"P", "R", "NDCG", "HR", "Cov"};
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-10s", "model"));
        for (int m = 0; m < metrics.length; m++) {
            for (int k : cutoffs) {
                out.append(String.format(Locale.ROOT, " %8s", short_[m] + "@" + k));
            }
        }
        out.append(String.format(Locale.ROOT, " %9s%n", "train_ms"));
        for (ModelMetrics model : models) {
            out.append(String.format(Locale.ROOT, "%-10s", model.model()));
            for (String metric : metrics) {
                for (int k : cutoffs) {
                    out.append(String.format(Locale.ROOT, " %8.4f", model.get(metric, k)));
                }
            }
            out.append(String.format(Locale.ROOT, " %9d%n", model.trainMillis()));
        }
        out.append(String.format(Locale.ROOT, "%d users evaluated, %d held-out interactions, %d training events%n",
                users, heldOut, trainInteractions));
        return out.toString();
    }
}
