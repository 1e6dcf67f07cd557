package dev.brisk.server.training;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.ModelInfo;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.training.ModelSuite;
import dev.brisk.server.metrics.Health;
import dev.brisk.server.recommend.CatalogService;
import dev.brisk.server.store.EventStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the models from the stored events: at start, then in the background every interval
 * when new events arrived, or sooner after enough of them, or when asked for one model. Runs
 * happen one at a time on the trainer's thread; a request during a run is queued behind it. Each
 * finished model is published to the {@link ModelRegistry} in one step, so serving never waits
 * and never sees a half-built model; lists cached from an older version go stale by themselves.
 */
public final class ModelTrainer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);
    /** A data set whose newest event is older than this is historical: ages are measured from its own end. */
    private static final long HISTORICAL_AFTER_MILLIS = 30L * 86_400_000L;

    private final EventStore events;
    private final CatalogService catalog;
    private final ModelRegistry registry;
    private final ModelSuite.Params params;
    private final int afterEvents;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong eventsSinceTraining = new AtomicLong();
    private final ReentrantLock running = new ReentrantLock();
    private final Object queueLock = new Object();
    private final Set<String> queued = new LinkedHashSet<>();
    private boolean drainScheduled;
    private final Map<String, String> state = new ConcurrentHashMap<>();
    private volatile Map<String, Object> progress;
    private volatile Map<String, Object> lastRun;
    private final AtomicLong runsCompleted = new AtomicLong();
    private volatile long lastFinishedAt;
    private volatile String lastError;
    private volatile boolean closed;

    public ModelTrainer(EventStore events, CatalogService catalog, ModelRegistry registry, ModelSuite.Params params,
                        int intervalSeconds, int afterEvents) {
        this.events = events;
        this.catalog = catalog;
        this.registry = registry;
        this.params = params;
        this.afterEvents = afterEvents;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brisk-trainer");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        for (String type : registry.types()) {
            state.put(type, "pending");
        }
        scheduler.scheduleWithFixedDelay(() -> {
            if (eventsSinceTraining.get() > 0) {
                requestTraining(Set.copyOf(registry.types()));
            }
        }, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** At start: the popularity model now (it is the fallback of every other), everything else in the background. */
    public void start() {
        trainNow(Set.of(Popularity.TYPE));
        requestTraining(Set.copyOf(registry.types()));
    }

    /** Trains the given types now, on the calling thread (after a run in progress, if any). */
    public void trainNow(Set<String> types) {
        running.lock();
        try {
            run(types);
        } finally {
            running.unlock();
        }
    }

    /** Queues a training run of one model; true when it starts at once, false when it waits for the run in progress. */
    public boolean requestTraining(String type) {
        return queue(Set.of(type));
    }

    /** Queues a training run of every model; true when it starts at once, false when it waits for the run in progress. */
    public boolean requestFullTraining() {
        return queue(Set.copyOf(registry.types()));
    }

    private boolean queue(Set<String> types) {
        boolean idle = !running.isLocked();
        requestTraining(types);
        return idle;
    }

    /** Queues a training run of these types; runs queued together are merged into one. */
    public void requestTraining(Set<String> types) {
        synchronized (queueLock) {
            queued.addAll(types);
            if (drainScheduled) {
                return;
            }
            drainScheduled = true;
        }
        try {
            scheduler.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            synchronized (queueLock) {
                drainScheduled = false;
            }
        }
    }

    private void drain() {
        while (true) {
            Set<String> types;
            synchronized (queueLock) {
                if (queued.isEmpty()) {
                    drainScheduled = false;
                    return;
                }
                types = new LinkedHashSet<>(queued);
                queued.clear();
            }
            trainNow(types);
        }
    }

    /** Counts newly stored events; enough of them trigger a full training run. */
    public void eventsStored(int n) {
        if (eventsSinceTraining.addAndGet(n) >= afterEvents && !running.isLocked()) {
            requestTraining(Set.copyOf(registry.types()));
        }
    }

    private void run(Set<String> requested) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : registry.types()) {
            if (requested.contains(type)) {
                types.add(type);
            }
        }
        if (types.contains(Hybrid.TYPE)) {
            for (String part : List.of("als", "item_knn", "content")) {
                if (registry.knows(part)) {
                    types.add(part);
                }
            }
        }
        if (types.isEmpty()) {
            return;
        }
        long started = System.currentTimeMillis();
        types.forEach(type -> state.put(type, "training"));
        report(types, started, "snapshot", 0, 0);
        try {
            long consumed = eventsSinceTraining.get();
            InteractionLog snapshot = snapshot(types, started);
            long newest = newest(snapshot);
            long reference = newest > 0 && newest < started - HISTORICAL_AFTER_MILLIS ? newest : started;
            Catalog items = catalog.current();
            ModelSuite.Result result = ModelSuite.train(snapshot, items, params, types,
                    (phase, done, total) -> report(types, started, phase, done, total), reference, started);
            for (Recommender model : result.models().values()) {
                if (registry.knows(model.type())) {
                    registry.publish(model);
                    state.put(model.type(), "ready");
                }
            }
            if (types.containsAll(registry.types())) {
                eventsSinceTraining.addAndGet(-consumed);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("types", List.copyOf(types));
            summary.put("started_at", Instant.ofEpochMilli(started).toString());
            summary.put("took_ms", System.currentTimeMillis() - started);
            summary.put("events", snapshot.size());
            summary.put("users", snapshot.users().size());
            summary.put("items", snapshot.items().size());
            summary.put("data_as_of", Instant.ofEpochMilli(reference).toString());
            lastRun = summary;
            lastFinishedAt = System.currentTimeMillis();
            runsCompleted.incrementAndGet();
            lastError = null;
            log.info("Trained {} on {} events in {} ms", types, snapshot.size(), System.currentTimeMillis() - started);
        } catch (java.util.concurrent.CancellationException e) {
            types.forEach(type -> state.put(type, registry.get(type).isPresent() ? "ready" : "pending"));
        } catch (RuntimeException | OutOfMemoryError e) {
            lastError = e.toString();
            types.forEach(type -> state.put(type, registry.get(type).isPresent() ? "ready" : "failed"));
            log.warn("Training {} failed; the previous models keep serving: {}", types, e.toString());
        } finally {
            progress = null;
        }
    }

    private void report(Set<String> types, long started, String phase, long done, long total) {
        if (closed) {
            // Progress reports are the run's checkpoints: a closing trainer stops there.
            throw new java.util.concurrent.CancellationException("the trainer is closing");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("types", List.copyOf(types));
        p.put("phase", phase);
        p.put("done", done);
        p.put("total", total);
        p.put("started_at", Instant.ofEpochMilli(started).toString());
        p.put("elapsed_ms", System.currentTimeMillis() - started);
        progress = p;
    }

    private InteractionLog snapshot(Set<String> types, long started) {
        InteractionLog.Builder builder = InteractionLog.builder();
        long[] read = new long[1];
        events.scan(0, event -> {
            builder.add(event);
            if (++read[0] % 100_000 == 0) {
                report(types, started, "snapshot", read[0], 0);
            }
        });
        return builder.build();
    }

    private static long newest(InteractionLog log) {
        long newest = 0;
        for (int i = 0; i < log.size(); i++) {
            newest = Math.max(newest, log.timestampAt(i));
        }
        return newest;
    }

    /**
     * Each model: its state ("pending", "training", "ready", "failed"), whether a run for it is
     * queued, the progress of the run in progress, and, once trained, its version, training time,
     * data size, parameters and offline metrics.
     */
    public List<Map<String, Object>> status() {
        Map<String, Object> current = progress;
        Set<String> waiting;
        synchronized (queueLock) {
            waiting = Set.copyOf(queued);
        }
        return registry.types().stream().map(type -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("state", state.get(type));
            m.put("default", type.equals(registry.defaultType()));
            m.put("queued", waiting.contains(type));
            if (current != null && ((List<?>) current.get("types")).contains(type)) {
                m.put("progress", current);
            }
            registry.get(type).ifPresent(model -> {
                ModelInfo info = model.info();
                m.put("version", info.version());
                m.put("trained_at", Instant.ofEpochMilli(info.trainedAt()).toString());
                m.put("training_ms", info.trainingMillis());
                m.put("users", info.users());
                m.put("items", info.items());
                m.put("interactions", info.interactions());
                m.put("parameters", info.parameters());
                m.put("offline_metrics", info.parameters().getOrDefault("offline_metrics", Map.of()));
            });
            return m;
        }).toList();
    }

    /** The last finished run: what it trained, on how much data, how long it took. */
    public Map<String, Object> lastRun() {
        Map<String, Object> run = lastRun;
        return run == null ? Map.of() : run;
    }

    /** Training runs that finished and published their models since start. */
    public long runsCompleted() {
        return runsCompleted.get();
    }

    /** When the last finished run published its models (epoch ms), 0 before the first. */
    public long lastFinishedAt() {
        return lastFinishedAt;
    }

    public long eventsSinceTraining() {
        return eventsSinceTraining.get();
    }

    /** Down while even popularity is missing (nothing to serve); degraded while others train for the first time. */
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        registry.types().forEach(t -> details.put(t, state.get(t)));
        details.put("events_since_training", eventsSinceTraining.get());
        if (registry.get(Popularity.TYPE).isEmpty()) {
            return new Health("models", Health.DOWN, lastError == null ? "not trained yet" : lastError, details);
        }
        boolean allReady = registry.types().stream().allMatch(t -> registry.get(t).isPresent());
        if (!allReady) {
            return new Health("models", Health.DEGRADED, lastError == null
                    ? "the first training run is in progress; untrained models are served by popular" : lastError, details);
        }
        if (lastError != null) {
            return new Health("models", Health.DEGRADED, "last training failed: " + lastError, details);
        }
        return Health.up("models", details);
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }
}
