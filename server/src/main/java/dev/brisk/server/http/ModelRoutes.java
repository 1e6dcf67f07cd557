package dev.brisk.server.http;

import dev.brisk.server.training.ModelRegistry;
import dev.brisk.server.training.ModelTrainer;
import java.util.Map;

/**
 * The models. {@code GET /models} — each model's state, version, training time, data size and
 * parameters. {@code POST /models/{type}/train} — starts a training run in the background (202);
 * its progress shows in {@code GET /models}.
 */
public final class ModelRoutes {
    private final ModelRegistry registry;
    private final ModelTrainer trainer;

    public ModelRoutes(ModelRegistry registry, ModelTrainer trainer) {
        this.registry = registry;
        this.trainer = trainer;
    }

    public void register(Api api) {
        api.get("/models", ctx -> {
            Query.of(ctx);
            ctx.json(Map.of("default", registry.defaultType(), "models", trainer.status()));
        });
        api.post("/models/{type}/train", ctx -> {
            Query.of(ctx);
            String type = ctx.pathParam("type");
            if (!registry.knows(type)) {
                throw ApiException.notFound("No model '" + type + "'; available: " + String.join(", ", registry.types()));
            }
            boolean started = trainer.requestTraining();
            ctx.status(202).json(Map.of("type", type, "started", started,
                    "message", started ? "Training started" : "A training run is already in progress"));
        });
    }
}
