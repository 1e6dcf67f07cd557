package dev.brisk.core.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The result of a prequential replay of several models on one split: a table for people, a map for JSON. */
public record PrequentialReport(int users, int replayedEvents, int trainInteractions,
                                List<PrequentialEvaluator.Result> models) {

    public PrequentialReport {
        models = List.copyOf(models);
    }

    public PrequentialEvaluator.Result model(String type) {
        return models.stream().filter(m -> m.model().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No model " + type + " in the report"));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("method", "per-user chronological hold-out of the last 20% of interactions, replayed in time order;"
                + " before each new positive interaction the user's top " + PrequentialEvaluator.K
                + " (everything interacted with so far excluded) is asked for, then the event joins the history");
        split.put("static_baseline", "the same model with the history frozen at the split");
        split.put("evaluated_users", users);
        split.put("replayed_events", replayedEvents);
        split.put("train_events", trainInteractions);
        Map<String, Object> byModel = new LinkedHashMap<>();
        for (PrequentialEvaluator.Result m : models) {
            byModel.put(m.model(), m.asMap());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", "prequential");
        out.put("split", split);
        out.put("models", byModel);
        return out;
    }

    /** A fixed-width table: one row per model, the replay's figures next to the static baseline's. */
    public String table() {
        int k = PrequentialEvaluator.K;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-10s %9s %9s %9s   %9s %9s %9s   %7s %8s%n", "model",
                "HR@" + k, "MRR@" + k, "uHR@" + k, "static HR", "MRR", "uHR", "HR lift", "eval_ms"));
        for (PrequentialEvaluator.Result m : models) {
            out.append(String.format(Locale.ROOT, "%-10s %9.4f %9.4f %9.4f   %9.4f %9.4f %9.4f   %7.2f %8d%n",
                    m.model(), m.live().hitRate(), m.live().mrr(), m.live().userHitRate(), m.frozen().hitRate(),
                    m.frozen().mrr(), m.frozen().userHitRate(), m.lift(), m.evalMillis()));
        }
        int predictions = models.isEmpty() ? 0 : models.get(0).live().predictions();
        out.append(String.format(Locale.ROOT, "%d users, %d replayed events, %d predicted (new positive interactions), "
                + "%d training events; uHR: hit rate per user, averaged%n", users, replayedEvents, predictions,
                trainInteractions));
        return out.toString();
    }
}
