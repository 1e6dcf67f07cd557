package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.server.training.ModelRegistry;
import dev.brisk.server.training.ModelTrainer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replaced system's "online learning" calls, answered from Brisk's trainer: Brisk learns from
 * each event at once (a user's next list is scored from their current history) and retrains the
 * item side in the background; these report and start those background runs.
 * <p>{@code GET /learning/stats} — {@code online_learning}: {@code buffer_size} (events stored
 * since the last run), {@code updates_done} (runs finished since start), {@code last_update},
 * {@code model_versions}; and {@code timestamp}.
 * <p>{@code POST /learning/trigger-update} — no body; starts a training run of every model (or
 * queues it behind the run in progress), like {@code POST /models/{type}/train}.
 */
public final class SeedLearningRoutes {
    private final ModelTrainer trainer;
    private final ModelRegistry models;
    private final int trainAfterEvents;
    private final int trainIntervalSeconds;

    public SeedLearningRoutes(ModelTrainer trainer, ModelRegistry models, int trainAfterEvents, int trainIntervalSeconds) {
        this.trainer = trainer;
        this.models = models;
        this.trainAfterEvents = trainAfterEvents;
        this.trainIntervalSeconds = trainIntervalSeconds;
    }

    public void register(Api api) {
        api.get("/learning/stats", Role.ADMIN, ctx -> {
            Query.of(ctx);
            Map<String, Object> learning = new LinkedHashMap<>();
            learning.put("enabled", true);
            learning.put("buffer_size", trainer.eventsSinceTraining());
            learning.put("updates_done", trainer.runsCompleted());
            long last = trainer.lastFinishedAt();
            learning.put("last_update", last == 0 ? null : Instant.ofEpochMilli(last).toString());
            learning.put("update_after_events", trainAfterEvents);
            learning.put("update_interval_seconds", trainIntervalSeconds);
            Map<String, Object> versions = new LinkedHashMap<>();
            models.types().forEach(type -> versions.put(type, models.get(type).map(m -> m.info().version()).orElse(null)));
            learning.put("model_versions", versions);
            learning.put("last_run", trainer.lastRun());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("online_learning", learning);
            body.put("timestamp", Instant.now().toString());
            ctx.json(body);
        });
        api.post("/learning/trigger-update", Role.ADMIN, ctx -> {
            Query.of(ctx);
            long buffered = trainer.eventsSinceTraining();
            boolean started = trainer.requestFullTraining();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "success");
            body.put("started", started);
            body.put("queued", !started);
            body.put("models", models.types());
            body.put("buffer_size", buffered);
            body.put("message", (started ? "Training of every model started" : "Training of every model queued behind "
                    + "the run in progress") + "; follow it in GET /learning/stats or GET /models");
            body.put("timestamp", Instant.now().toString());
            ctx.json(body);
        });
    }
}
