package dev.brisk.server.training;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.ModelInfo;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.training.ModelSuite;
import dev.brisk.server.cluster.ModelStore;
import dev.brisk.server.cluster.ModelSync;
import dev.brisk.server.cluster.TrainerLease;
import dev.brisk.server.metrics.Health;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.ClusterStore;
import java.util.ArrayList;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the models, on the one instance per database that holds the trainer's lease: from its
 * in-memory {@link TrainingData} (read in full once, then fed by what is committed), every
 * interval when new events arrived, or sooner after enough of them (but never sooner than the
 * minimum interval after the last run), or when asked. Runs happen one at a time on the trainer's
 * thread. Each finished run is published to the {@link ModelRegistry} in one step and stored in
 * the {@link ModelStore}, from which every other instance serves it; lists cached from an older
 * version go stale by themselves. An instance that does not train passes requests for a run on to
 * the one that does.
 *
 * <p>A model whose served version another engine trained (a Spark job: {@code "engine"} in its
 * parameters) is left to that engine by the automatic runs: they neither train nor replace it, so a
 * Spark-trained version is served until a newer one is stored or an operator asks this trainer for
 * that model ({@code POST /models/{type}/train}); the version it then trains is its own again and
 * automatic runs take it back. A hybrid trained meanwhile blends ALS factors trained within its own
 * run (its parts must share one item index), stored with it but never served as {@code als}.
 */
public final class ModelTrainer implements TrainerLease.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);
    /** A data set whose newest event is older than this is historical: ages are measured from its own end. */
    private static final long HISTORICAL_AFTER_MILLIS = 30L * 86_400_000L;
    /** The engine of the versions a Brisk trainer trains. */
    private static final String BRISK_ENGINE = "brisk";

    /**
     * When to train: every {@code intervalSeconds} with new events, after {@code afterEvents}, never
     * within {@code minIntervalSeconds} of the last run, nor within four times the last run's own
     * duration (so automatic training takes at most a fifth of the trainer's core, whatever the data size).
     */
    public record Schedule(int intervalSeconds, int afterEvents, int minIntervalSeconds) {
    }

    private final TrainingData data;
    private final CatalogService catalog;
    private final ModelRegistry registry;
    private final ModelStore store;
    private final ModelSync sync;
    private final ClusterStore cluster;
    private final String instanceId;
    private final java.util.function.Supplier<String> trainingInstance;
    private final ModelSuite.Params params;
    private final Schedule schedule;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong eventsSinceTraining = new AtomicLong();
    private final AtomicBoolean tickPending = new AtomicBoolean();
    private final AtomicBoolean absorbPending = new AtomicBoolean();
    private final ReentrantLock running = new ReentrantLock();
    private final Object queueLock = new Object();
    private final Set<String> queued = new LinkedHashSet<>();
    /** The queued types someone asked for (not the automatic schedule): trained even when another engine trained them. */
    private final Set<String> asked = new LinkedHashSet<>();
    private boolean drainScheduled;
    private final Map<String, String> state = new ConcurrentHashMap<>();
    private volatile Map<String, Object> progress;
    private volatile Map<String, Object> lastRun;
    private final AtomicLong runsCompleted = new AtomicLong();
    private volatile long lastFinishedAt;
    private volatile String lastError;
    private volatile boolean closed;
    private volatile boolean leading;
    /** Start counts as a run: a restarted trainer waits its interval like one that just trained. */
    private volatile long lastRunEnded = System.currentTimeMillis();
    private volatile long lastRunMillis;
    private volatile ScheduledExecutorService ticks;
    private final Pacing pacing;

    /**
     * Whether the run about to start is a background refresh: nobody asked for it, and every model it
     * trains serves a version that learned from at least a quarter of the data. A first model, one trained
     * before most of the data arrived (users wait for both) or one asked for through
     * {@code POST /models/{type}/train} is not a refresh.
     */
    @FunctionalInterface
    public interface Pacing {
        void refreshing(boolean refresh);
    }

    /**
     * @param pacing told before each run whether it only refreshes models that already serve, unasked
     *               (the runs that may be held back while other work waits for a core), and false after it
     */
    public ModelTrainer(TrainingData data, CatalogService catalog, ModelRegistry registry, ModelStore store,
                        ModelSync sync, ClusterStore cluster, String instanceId,
                        java.util.function.Supplier<String> trainingInstance, ModelSuite.Params params,
                        Schedule schedule, java.util.concurrent.ThreadFactory runThread, Pacing pacing) {
        this.pacing = pacing;
        this.trainingInstance = trainingInstance;
        this.data = data;
        this.catalog = catalog;
        this.registry = registry;
        this.store = store;
        this.sync = sync;
        this.cluster = cluster;
        this.instanceId = instanceId;
        this.params = params;
        this.schedule = schedule;
        // Runs take seconds to minutes: a thread of their own (started with the first run), not the shared scheduler.
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runThread);
        for (String type : registry.types()) {
            state.put(type, registry.get(type).isPresent() ? "ready" : "pending");
        }
    }

    /**
     * At start, after the stored models were loaded and the lease was tried: a trainer without a
     * stored popularity model reads the events and trains it now (it is the fallback of every other
     * model), everything else follows in the background.
     */
    public void start(ScheduledExecutorService sharedScheduler) {
        this.ticks = sharedScheduler;
        for (String type : registry.types()) {
            state.put(type, registry.get(type).isPresent() ? "ready" : "pending");
        }
        if (leading && registry.get(Popularity.TYPE).isEmpty()) {
            running.lock();
            try {
                prepare();
                run(Set.of(Popularity.TYPE), Set.of());
            } finally {
                running.unlock();
            }
        }
        // On the shared scheduler, not the trainer's thread: new events keep coming in during a long run.
        sharedScheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void gained() {
        leading = true;
        try {
            scheduler.execute(() -> {
                running.lock();
                try {
                    prepare();
                } finally {
                    running.unlock();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            leading = false;
        }
    }

    @Override
    public void lost() {
        leading = false;
        synchronized (queueLock) {
            queued.clear();
        }
        try {
            scheduler.execute(data::clear);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // closing anyway
        }
    }

    /** Reads the training data once, and asks for the runs that are due: all models when some are missing. */
    private void prepare() {
        if (!leading || data.loaded()) {
            return;
        }
        long started = System.currentTimeMillis();
        Set<String> all = Set.copyOf(registry.types());
        report(all, started, "reading events", 0, 0);
        long newer = data.loadAll(sync.eventsThrough(), read -> report(all, started, "reading events", read, 0));
        progress = null;
        eventsSinceTraining.set(newer);
        log.info("Read {} interactions for training in {} ms ({} newer than the models served)", data.size(),
                System.currentTimeMillis() - started, newer);
        boolean missing = registry.types().stream().anyMatch(t -> registry.get(t).isEmpty());
        if (missing || newer >= schedule.afterEvents()) {
            requestTraining(all);
        }
    }

    /** Every second (and after local commits): new events in, requests from other instances, and a run when one is due. */
    private synchronized void tick() {
        tickPending.set(false);
        if (!leading || closed) {
            return;
        }
        try {
            if (data.loaded()) {
                eventsSinceTraining.addAndGet(data.catchUp());
            }
            List<String> asked = cluster.takeTrainingRequests();
            if (!asked.isEmpty()) {
                ask(Set.copyOf(asked.stream().filter(registry::knows).toList()));
            }
            requestIfDue();
        } catch (RuntimeException e) {
            log.warn("The trainer could not catch up with new events: {}", e.getMessage());
        }
    }

    /** Asks for a run of every model when enough events came in, or the interval passed, and the pause since the last run is over. */
    private void requestIfDue() {
        long since = System.currentTimeMillis() - lastRunEnded;
        long pending = eventsSinceTraining.get();
        boolean due = pending >= schedule.afterEvents() || (pending > 0 && since >= schedule.intervalSeconds() * 1000L);
        long pause = Math.max(schedule.minIntervalSeconds() * 1000L, 4 * lastRunMillis);
        if (due && since >= pause && !running.isLocked()) {
            requestTraining(Set.copyOf(registry.types()));
        }
    }

    /** Trains the given types now, on the calling thread (after a run in progress, if any); {@code asked} are trained whoever trained them before. */
    private void trainNow(Set<String> types, Set<String> asked) {
        running.lock();
        try {
            run(types, asked);
        } finally {
            running.unlock();
        }
    }

    /**
     * Queues a training run of one model; true when it starts at once, false when it waits for the
     * run in progress or, on an instance that does not train, for the one that does to pick it up.
     */
    public boolean requestTraining(String type) {
        return queue(Set.of(type));
    }

    /** Queues a training run of every model; true when it starts at once, false when it waits (as above). */
    public boolean requestFullTraining() {
        return queue(Set.copyOf(registry.types()));
    }

    private boolean queue(Set<String> types) {
        if (!leading) {
            cluster.requestTraining(List.copyOf(types), instanceId);
            return false;
        }
        boolean idle = !running.isLocked();
        ask(types);
        return idle;
    }

    /** Queues a run that someone asked for: it trains these types even where another engine trained the served version. */
    private void ask(Set<String> types) {
        synchronized (queueLock) {
            asked.addAll(types);
        }
        requestTraining(types);
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
            Set<String> askedFor;
            synchronized (queueLock) {
                if (queued.isEmpty()) {
                    drainScheduled = false;
                    return;
                }
                types = new LinkedHashSet<>(queued);
                askedFor = new LinkedHashSet<>(asked);
                queued.clear();
                asked.clear();
            }
            trainNow(types, askedFor);
        }
    }

    /**
     * After a commit on this instance (on the ingest path's thread, so it never waits): the trainer
     * takes the new events from memory at once rather than reading them back; without their row ids,
     * it reads the table at once instead.
     */
    public void eventsStored(List<Event> stored, long[] rowIds) {
        ScheduledExecutorService t = ticks;
        if (!leading || stored.isEmpty() || t == null) {
            return;
        }
        boolean offered = data.offerCommitted(stored, rowIds);
        AtomicBoolean pending = offered ? absorbPending : tickPending;
        if (pending.compareAndSet(false, true)) {
            try {
                t.execute(offered ? this::absorb : this::tick);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                pending.set(false);
            }
        }
    }

    /** This instance's commits in, from memory, and a run when one is due; no read of the table. */
    private synchronized void absorb() {
        absorbPending.set(false);
        if (!leading || closed) {
            return;
        }
        try {
            eventsSinceTraining.addAndGet(data.applyCommitted());
            requestIfDue();
        } catch (RuntimeException e) {
            log.warn("The trainer could not take in new events: {}", e.getMessage());
        }
    }

    /** Whether this instance trains (holds the trainer's lease). */
    public boolean leading() {
        return leading;
    }

    private void run(Set<String> requested, Set<String> asked) {
        // Left to the engine that trained them, unless asked for: trained here only as a hybrid's part, never published.
        Set<String> kept = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        for (String type : registry.types()) {
            if (!asked.contains(type) && trainedElsewhere(type)) {
                kept.add(type);
            } else if (requested.contains(type)) {
                types.add(type);
            }
        }
        Set<String> published = new LinkedHashSet<>(types);
        if (types.contains(Hybrid.TYPE)) {
            for (String part : List.of("als", "item_knn", "content")) {
                if (registry.knows(part)) {
                    types.add(part);
                    if (!kept.contains(part)) {
                        published.add(part);
                    }
                }
            }
        }
        if (published.isEmpty() || !leading) {
            return;
        }
        long started = System.currentTimeMillis();
        published.forEach(type -> state.put(type, "training"));
        report(types, started, "snapshot", 0, 0);
        try {
            if (data.loaded()) {
                // Events committed since the last tick count too: a run asked for right after a write trains on it.
                eventsSinceTraining.addAndGet(data.catchUp());
            }
            long consumed = eventsSinceTraining.get();
            TrainingData.Snapshot taken = data.snapshot();
            InteractionLog snapshot = taken.log();
            pacing.refreshing(asked.isEmpty() && isRefresh(published, snapshot.size()));
            long newest = newest(snapshot);
            long reference = newest > 0 && newest < started - HISTORICAL_AFTER_MILLIS ? newest : started;
            Catalog items = catalog.current();
            ModelSuite.Result result = ModelSuite.train(snapshot, items, params, types,
                    (phase, done, total) -> report(types, started, phase, done, total), reference, started);
            List<Recommender> trained = new ArrayList<>();
            List<Recommender> hybridOnly = new ArrayList<>();
            for (Recommender model : result.models().values()) {
                if (published.contains(model.type())) {
                    registry.publish(model);
                    state.put(model.type(), "ready");
                    trained.add(model);
                } else if (kept.contains(model.type())) {
                    hybridOnly.add(model);
                }
            }
            long took = System.currentTimeMillis() - started;
            long snapshotId = trained.isEmpty() ? -1
                    : store.save(trained, hybridOnly, taken.eventsThrough(), snapshot.size(), took, instanceId);
            if (snapshotId > 0) {
                sync.stored(snapshotId, taken.eventsThrough());
            } else if (!trained.isEmpty()) {
                log.warn("Trained {} but did not store it: this instance lost the trainer's lease meanwhile", types);
            }
            Set<String> covered = new LinkedHashSet<>(published);
            covered.addAll(kept);
            if (covered.containsAll(registry.types())) {
                eventsSinceTraining.addAndGet(-consumed);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("types", List.copyOf(published));
            summary.put("left_to_their_engine", List.copyOf(kept));
            summary.put("started_at", Instant.ofEpochMilli(started).toString());
            summary.put("took_ms", System.currentTimeMillis() - started);
            summary.put("events", snapshot.size());
            summary.put("users", snapshot.users().size());
            summary.put("items", snapshot.items().size());
            summary.put("data_as_of", Instant.ofEpochMilli(reference).toString());
            summary.put("trained_by", instanceId);
            summary.put("snapshot_id", snapshotId);
            lastRun = summary;
            lastFinishedAt = System.currentTimeMillis();
            runsCompleted.incrementAndGet();
            lastError = null;
            log.info("Trained {} on {} events in {} ms{}", published, snapshot.size(), System.currentTimeMillis() - started,
                    kept.isEmpty() ? "" : "; " + kept + " left to the engine that trained them");
        } catch (java.util.concurrent.CancellationException e) {
            published.forEach(type -> state.put(type, registry.get(type).isPresent() ? "ready" : "pending"));
        } catch (RuntimeException | OutOfMemoryError e) {
            lastError = e.toString();
            published.forEach(type -> state.put(type, registry.get(type).isPresent() ? "ready" : "failed"));
            log.warn("Training {} failed; the previous models keep serving: {}", published, e.toString());
        } finally {
            pacing.refreshing(false);
            progress = null;
            lastRunEnded = System.currentTimeMillis();
            lastRunMillis = lastRunEnded - started;
            HeapRelease.afterBurst();
        }
    }

    /**
     * Whether training these types on {@code interactions} only refreshes what serves: each has a
     * served version that learned from at least a quarter as many (not a first model, nor one
     * trained before most of the data arrived, such as on an empty database before an import).
     */
    private boolean isRefresh(Set<String> types, int interactions) {
        return types.stream().allMatch(type -> registry.get(type)
                .filter(m -> 4L * m.info().interactions() >= interactions).isPresent());
    }

    /** Whether the served version of this type was trained by another engine (a Spark job), not by a Brisk trainer. */
    private boolean trainedElsewhere(String type) {
        return registry.get(type).map(m -> engine(m.info())).filter(e -> !e.equals(BRISK_ENGINE)).isPresent();
    }

    private static String engine(ModelInfo info) {
        return String.valueOf(info.parameters().getOrDefault("engine", BRISK_ENGINE));
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
            m.put("state", stateOf(type));
            m.put("default", type.equals(registry.defaultType()));
            m.put("queued", waiting.contains(type));
            if (current != null && ((List<?>) current.get("types")).contains(type)) {
                m.put("progress", current);
            }
            registry.get(type).ifPresent(model -> {
                ModelInfo info = model.info();
                m.put("version", info.version());
                // Versions trained outside the service (a Spark job) say so in their parameters, and
                // automatic runs leave them to that engine.
                m.put("engine", engine(info));
                m.put("trained_automatically", BRISK_ENGINE.equals(engine(info)));
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

    private String stateOf(String type) {
        String s = state.get(type);
        if ("training".equals(s)) {
            return s;
        }
        // Models read from the model store are ready here although another instance trained them.
        return registry.get(type).isPresent() ? "ready" : s;
    }

    /**
     * Who trains: this instance's id, whether it is the one, the instance that holds the
     * trainer's lease, the model store snapshot served, and the in-memory training data.
     */
    public Map<String, Object> trainer() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("this_instance", instanceId);
        m.put("trains", leading);
        m.put("training_instance", trainingInstance.get());
        m.put("snapshot_id", sync.loadedId());
        m.put("events_through", sync.eventsThrough());
        Map<String, Object> held = new LinkedHashMap<>();
        held.put("loaded", data.loaded());
        held.put("interactions", data.size());
        held.put("array_bytes", (long) data.size() * InteractionLog.Builder.bytesPerInteraction());
        held.put("open_gaps", data.openGaps());
        held.put("taken_from_ingest", data.takenFromIngest());
        held.put("read_from_table", data.readFromTable());
        held.put("own_read_back", data.readBack());
        m.put("training_data", held);
        m.put("schedule", Map.of("interval_seconds", schedule.intervalSeconds(), "after_events", schedule.afterEvents(),
                "min_interval_seconds", schedule.minIntervalSeconds()));
        if (sync.lastRefusal() != null) {
            m.put("last_refused_snapshot", sync.lastRefusal());
        }
        return m;
    }

    /** The last finished run: what it trained, on how much data, how long it took. */
    public Map<String, Object> lastRun() {
        Map<String, Object> run = lastRun;
        return run == null ? Map.of() : run;
    }

    /** The stored training runs, newest first: what every instance of this database trained. */
    public List<dev.brisk.server.store.ModelSnapshotStore.TrainingRun> history(int limit) {
        return store.history(limit);
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
        registry.types().forEach(t -> details.put(t, stateOf(t)));
        details.put("events_since_training", eventsSinceTraining.get());
        String trains = trainingInstance.get();
        details.put("training_instance", trains == null ? "none yet" : trains);
        details.put("this_instance", instanceId);
        details.put("this_instance_trains", leading);
        if (registry.get(Popularity.TYPE).isEmpty()) {
            String why = leading || lastError != null ? (lastError == null ? "not trained yet" : lastError)
                    : "waiting for the training instance (" + (trains == null ? "none yet" : trains)
                    + ") to store its first models";
            return new Health("models", Health.DOWN, why, details);
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
