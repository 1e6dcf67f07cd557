package dev.brisk.server.training;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.Recommender;
import dev.brisk.server.metrics.Health;
import dev.brisk.server.recommend.CatalogService;
import dev.brisk.server.store.EventStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the models from the stored events: once at start, then in the background every
 * interval when new events arrived, or sooner after enough of them. A finished model is published
 * to the {@link ModelRegistry} in one step; serving never waits for training.
 */
public final class ModelTrainer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);

    private final EventStore events;
    private final CatalogService catalog;
    private final ModelRegistry registry;
    private final FeedbackWeights weights;
    private final double halfLifeDays;
    private final int afterEvents;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong eventsSinceTraining = new AtomicLong();
    private final AtomicBoolean training = new AtomicBoolean();
    private final Map<String, String> state = new ConcurrentHashMap<>();
    private volatile String lastError;

    public ModelTrainer(EventStore events, CatalogService catalog, ModelRegistry registry, FeedbackWeights weights,
                        double halfLifeDays, int intervalSeconds, int afterEvents) {
        this.events = events;
        this.catalog = catalog;
        this.registry = registry;
        this.weights = weights;
        this.halfLifeDays = halfLifeDays;
        this.afterEvents = afterEvents;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brisk-trainer");
            t.setDaemon(true);
            return t;
        });
        for (String type : registry.types()) {
            state.put(type, "pending");
        }
        scheduler.scheduleWithFixedDelay(() -> {
            if (eventsSinceTraining.get() > 0) {
                trainNow();
            }
        }, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** Trains every model now, on the calling thread. */
    public void trainNow() {
        if (!training.compareAndSet(false, true)) {
            return;
        }
        registry.types().forEach(type -> state.put(type, "training"));
        try {
            long now = System.currentTimeMillis();
            long consumed = eventsSinceTraining.get();
            InteractionLog log = snapshot(now);
            Catalog items = catalog.current();
            for (String type : registry.types()) {
                registry.publish(train(type, log, items, now));
                state.put(type, "ready");
            }
            eventsSinceTraining.addAndGet(-consumed);
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            registry.types().forEach(type -> state.put(type, registry.get(type).isPresent() ? "ready" : "failed"));
            ModelTrainer.log.warn("Training failed; the previous models keep serving: {}", e.toString());
        } finally {
            training.set(false);
        }
    }

    /** Starts a training run in the background; false when one is already running. */
    public boolean requestTraining() {
        if (training.get()) {
            return false;
        }
        scheduler.execute(this::trainNow);
        return true;
    }

    /** Counts newly stored events; enough of them trigger a training run. */
    public void eventsStored(int n) {
        if (eventsSinceTraining.addAndGet(n) >= afterEvents && !training.get()) {
            requestTraining();
        }
    }

    private InteractionLog snapshot(long now) {
        // Older events weigh less than 1/1000 of a new one in every model trained here.
        long since = now - (long) (halfLifeDays * 10 * 86_400_000L);
        InteractionLog.Builder builder = InteractionLog.builder();
        events.scan(since, builder::add);
        return builder.build();
    }

    private Recommender train(String type, InteractionLog log, Catalog items, long now) {
        if (Popularity.TYPE.equals(type)) {
            return Popularity.train(log, items, weights, halfLifeDays, now);
        }
        throw new IllegalArgumentException("No trainer for model type " + type);
    }

    /** Each model's state ("pending", "training", "ready", "failed") and its info when trained. */
    public List<Map<String, Object>> status() {
        return registry.types().stream().map(type -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("state", state.get(type));
            m.put("default", type.equals(registry.defaultType()));
            registry.get(type).ifPresent(model -> {
                var info = model.info();
                m.put("version", info.version());
                m.put("trained_at", java.time.Instant.ofEpochMilli(info.trainedAt()).toString());
                m.put("training_ms", info.trainingMillis());
                m.put("users", info.users());
                m.put("items", info.items());
                m.put("interactions", info.interactions());
                m.put("parameters", info.parameters());
            });
            return m;
        }).toList();
    }

    public long eventsSinceTraining() {
        return eventsSinceTraining.get();
    }

    public Health health() {
        boolean allReady = registry.types().stream().allMatch(t -> registry.get(t).isPresent());
        Map<String, Object> details = new LinkedHashMap<>();
        registry.types().forEach(t -> details.put(t, state.get(t)));
        details.put("events_since_training", eventsSinceTraining.get());
        if (!allReady) {
            return new Health("models", Health.DOWN, lastError == null ? "not trained yet" : lastError, details);
        }
        if (lastError != null) {
            return new Health("models", Health.DEGRADED, "last training failed: " + lastError, details);
        }
        return Health.up("models", details);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
