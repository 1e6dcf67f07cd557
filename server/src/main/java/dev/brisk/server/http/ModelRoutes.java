package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.server.store.ModelSnapshotStore;
import dev.brisk.server.training.ModelRegistry;
import dev.brisk.server.training.ModelTrainer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models. {@code GET /models} — the default model and, per model, its state ("pending",
 * "training", "ready", "failed"), whether a run for it is queued, the progress of a run in
 * progress, and once trained its version, training time, data size, parameters and offline
 * metrics (from the validation split of its training run); also the last run.
 * {@code POST /models/{type}/train} — starts a training run of that model in the background (a
 * hybrid retrains its parts too) and answers 202 at once; a run already in progress finishes
 * first ({@code "queued": true}). Progress shows in {@code GET /models}. 404 for an unknown type.
 * {@code GET /models/history?limit=50} — the stored training runs, newest first: version, models,
 * when, how long, on how much data, by which instance (kept when old model versions are pruned).
 */
public final class ModelRoutes {
    private final ModelRegistry registry;
    private final ModelTrainer trainer;

    public ModelRoutes(ModelRegistry registry, ModelTrainer trainer) {
        this.registry = registry;
        this.trainer = trainer;
    }

    public void register(Api api) {
        api.get("/models", Role.ADMIN, ctx -> {
            Query.of(ctx);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("default", registry.defaultType());
            body.put("models", trainer.status());
            body.put("last_run", trainer.lastRun());
            body.put("events_since_training", trainer.eventsSinceTraining());
            body.put("trainer", trainer.trainer());
            ctx.json(body);
        });
        api.get("/models/history", Role.ADMIN, ctx -> {
            Query q = Query.of(ctx, "limit");
            ctx.json(Map.of("runs", trainer.history(q.integer("limit", 50, 1, 1000)).stream().map(ModelRoutes::run).toList()));
        });
        api.post("/models/{type}/train", Role.ADMIN, ctx -> {
            Query.of(ctx);
            String type = ctx.pathParam("type");
            if (!registry.knows(type)) {
                throw ApiException.notFound("No model '" + type + "'; available: " + String.join(", ", registry.types()));
            }
            boolean started = trainer.requestTraining(type);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type);
            body.put("started", started);
            body.put("queued", !started);
            body.put("message", started ? "Training started; follow it in GET /models"
                    : trainer.leading() ? "Queued behind the training run in progress; follow it in GET /models"
                    : "Passed on to the training instance, which starts it within a second; follow it in GET /models");
            ctx.status(202).json(body);
        });
    }

    private static Map<String, Object> run(ModelSnapshotStore.TrainingRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("models", r.types());
        m.put("finished_at", Instant.ofEpochMilli(r.finishedAt()).toString());
        m.put("training_ms", r.trainingMillis());
        m.put("interactions", r.interactions());
        m.put("users", r.users());
        m.put("items", r.items());
        m.put("trained_by", r.trainedBy());
        m.put("snapshot_id", r.snapshotId());
        return m;
    }
}
