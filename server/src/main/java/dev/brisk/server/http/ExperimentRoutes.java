package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.server.experiments.ExperimentDirectory;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A/B experiments as the replaced system's clients read them, answered from the
 * {@link ExperimentDirectory}. {@code GET /experiments} — {@code experiments} and
 * {@code total_experiments} (with a {@code message} when there are none to run).
 * {@code GET /users/{id}/experiment-group?experiment_id=} — {@code user_id}, {@code experiment_id},
 * {@code assigned_group} (null, with a {@code message}, when the user is in no variant of it).
 */
public final class ExperimentRoutes {
    private final ExperimentDirectory experiments;

    public ExperimentRoutes(ExperimentDirectory experiments) {
        this.experiments = experiments;
    }

    public void register(Api api) {
        api.get("/experiments", Role.ADMIN, this::list);
        api.get("/users/{id}/experiment-group", Role.READ, this::group);
    }

    private void list(Context ctx) {
        Query.of(ctx);
        List<Map<String, Object>> all = experiments.all();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiments", all);
        body.put("total_experiments", all.size());
        if (all.isEmpty() && experiments.unavailableReason() != null) {
            body.put("message", experiments.unavailableReason());
        }
        ctx.json(body);
    }

    private void group(Context ctx) {
        Query q = Query.of(ctx, "experiment_id");
        String userId = Query.checkId("user id", ctx.pathParam("id"));
        String experimentId = q.requiredId("experiment_id");
        String variant = experiments.variantOf(experimentId, userId).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", userId);
        body.put("experiment_id", experimentId);
        body.put("assigned_group", variant);
        if (variant == null) {
            String reason = experiments.unavailableReason();
            body.put("message", reason != null ? reason
                    : "User " + userId + " is not in experiment " + experimentId + " (or it does not exist)");
        }
        ctx.json(body);
    }
}
