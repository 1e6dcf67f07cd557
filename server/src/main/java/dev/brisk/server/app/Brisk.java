package dev.brisk.server.app;

import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventTypes;
import dev.brisk.core.model.Rotation;
import dev.brisk.core.model.Workers;
import dev.brisk.core.training.ModelSuite;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.Sessions;
import dev.brisk.server.analytics.EngagementReport;
import dev.brisk.server.cache.FailoverCache;
import dev.brisk.server.cache.MeasuredCache;
import dev.brisk.server.cache.MemoryCache;
import dev.brisk.server.cache.RecommendationCache;
import dev.brisk.server.cache.RedisCache;
import dev.brisk.server.cluster.ChangeFeed;
import dev.brisk.server.cluster.ModelStore;
import dev.brisk.server.cluster.ModelSync;
import dev.brisk.server.cluster.TrainerLease;
import dev.brisk.server.dashboard.DashboardSite;
import dev.brisk.server.experiments.ExperimentService;
import dev.brisk.server.http.AnalyticsRoutes;
import dev.brisk.server.http.Api;
import dev.brisk.server.http.Bodies;
import dev.brisk.server.http.CacheRoutes;
import dev.brisk.server.http.DocsRoutes;
import dev.brisk.server.http.EventFeedRoutes;
import dev.brisk.server.http.EventRoutes;
import dev.brisk.server.http.ExperimentRoutes;
import dev.brisk.server.http.HttpServer;
import dev.brisk.server.http.ItemRoutes;
import dev.brisk.server.http.MetricsRoutes;
import dev.brisk.server.http.ModelRoutes;
import dev.brisk.server.http.RecommendRoutes;
import dev.brisk.server.http.SeedCompatRoutes;
import dev.brisk.server.http.SeedLearningRoutes;
import dev.brisk.server.http.SeedRecommendRoutes;
import dev.brisk.server.http.SimulatorRoutes;
import dev.brisk.server.http.SessionRoutes;
import dev.brisk.server.http.SimilarItemRoutes;
import dev.brisk.server.http.UserEntityRoutes;
import dev.brisk.server.http.UserRoutes;
import dev.brisk.server.ingest.EventIntake;
import dev.brisk.server.ingest.EventWriter;
import dev.brisk.server.ingest.kafka.KafkaEventConsumer;
import dev.brisk.server.ingest.kafka.KafkaEventLog;
import dev.brisk.server.ingest.kafka.KafkaIntake;
import dev.brisk.server.ingest.IngestPipeline;
import dev.brisk.server.ingest.RecentEvents;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.metrics.Health;
import dev.brisk.server.metrics.MetricSnapshotter;
import dev.brisk.server.metrics.Retention;
import dev.brisk.server.metrics.SeedFigures;
import dev.brisk.server.metrics.StatusReport;
import dev.brisk.server.metrics.Totals;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.recommend.RecommendationLogWriter;
import dev.brisk.server.recommend.RecommendationService;
import dev.brisk.server.recommend.SimilarItemsService;
import dev.brisk.server.recommend.SimilarUsersService;
import dev.brisk.server.recommend.UserHistories;
import dev.brisk.server.recommend.TrendingService;
import dev.brisk.server.simulate.SimulatorControl;
import dev.brisk.server.http.ErasureRoutes;
import dev.brisk.server.http.KeyRoutes;
import dev.brisk.server.ingest.Eraser;
import dev.brisk.server.security.ApiKeys;
import dev.brisk.server.security.BrowserRules;
import dev.brisk.server.security.CrossSiteGuard;
import dev.brisk.server.security.KeyAccessPolicy;
import dev.brisk.server.security.Role;
import dev.brisk.server.store.ErasureStore;
import dev.brisk.server.store.NeighbourStore;
import dev.brisk.server.store.UserStore;
import dev.brisk.server.store.KeyStore;
import dev.brisk.server.store.ClusterStore;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.InteractionReader;
import dev.brisk.server.store.ModelSnapshotStore;
import dev.brisk.server.store.ActivityStore;
import dev.brisk.server.store.EventAnalytics;
import dev.brisk.server.store.EventLog;
import dev.brisk.server.store.ExperimentStore;
import dev.brisk.server.store.ItemStore;
import dev.brisk.server.store.MetricStore;
import dev.brisk.server.store.ProfileStore;
import dev.brisk.server.store.RecommendationLogStore;
import dev.brisk.server.training.CandidateIndexes;
import dev.brisk.server.training.ModelRegistry;
import dev.brisk.server.training.ModelTrainer;
import dev.brisk.server.training.TrainingData;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with {@code new}, in dependency order, and stops
 * them in reverse. Nothing else in the process creates a component or holds one statically.
 */
public final class Brisk implements AutoCloseable {
    /** The version of the service, as {@code /health} and {@code brisk --version} say it. */
    public static final String VERSION = "0.1.0";

    private static final Logger log = LoggerFactory.getLogger(Brisk.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final HttpServer http;
    private final int port;
    private final int dashboardPort;
    private final RecommendationLogWriter recommendationLogs;
    private final ApiKeys keys;

    private Brisk(BriskConfig config) {
        refuseBusyPorts(config);
        try {
            Wiring w = wire(config);
            this.http = w.http;
            this.recommendationLogs = w.recommendationLogs;
            this.keys = w.keys;
            this.port = bind(http, "BRISK_PORT", config.host(), config.port());
            this.dashboardPort = startDashboard(w.dashboard, config);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Brisk is serving on http://{}:{} (database {}, cache {}); {}", config.host(), port,
                config.isSqlite() ? "SQLite" : "PostgreSQL",
                config.redisUrl().isEmpty() ? "in memory" : "Redis with in-memory fallback",
                keys.anyConfigured() ? "API keys are required"
                        : "no API keys are configured, so the API is open to whoever reaches "
                        + (isLoopback(config.host()) ? "this machine's loopback" : config.host()
                        + " (BRISK_ALLOW_OPEN=true)") + "; create one with `brisk keys create --role admin --name NAME`");
    }

    /**
     * Fails before the database is opened (and the models are loaded) when a port that must be
     * bound is taken; the bind itself still reports a port taken in between.
     */
    private static void refuseBusyPorts(BriskConfig config) {
        if (config.port() != 0 && !portLooksFree(config.host(), config.port())) {
            throw new PortInUseException("BRISK_PORT", config.host(), config.port());
        }
        if (!config.dashboardPortFlexible() && config.dashboardPort() != 0
                && !portLooksFree(config.host(), config.dashboardPort())) {
            throw new PortInUseException("BRISK_DASHBOARD_PORT", config.host(), config.dashboardPort());
        }
    }

    private static int bind(HttpServer server, String variable, String host, int port) {
        try {
            return server.start(host, port);
        } catch (JavalinBindException e) {
            throw new PortInUseException(variable, host, port);
        }
    }

    private record Wiring(HttpServer http, Supplier<HttpServer> dashboard, RecommendationLogWriter recommendationLogs,
                          ApiKeys keys) {
    }

    /**
     * A safe default: without keys, the API must not be reachable beyond this machine unless the
     * operator said so.
     */
    private static void refuseOpenExposure(BriskConfig config, ApiKeys keys) {
        if (!keys.anyConfigured() && !isLoopback(config.host()) && !config.security().allowOpen()) {
            throw new ConfigException(List.of("BRISK_HOST is " + config.host() + " but no API key is configured, so"
                    + " anyone who reaches it could change data. Create a key first (`brisk keys create --role admin"
                    + " --name ops`, or set BRISK_ADMIN_KEY), or listen on 127.0.0.1, or set BRISK_ALLOW_OPEN=true to"
                    + " expose the API without keys on purpose"));
        }
    }

    static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private Wiring wire(BriskConfig config) {
        EventTypes eventTypes = config.eventTypes();
        BriskMetrics metrics = new BriskMetrics(eventTypes);
        BackgroundThreads threads = own(new BackgroundThreads());
        ScheduledExecutorService scheduler = threads.scheduler();
        Database db = own(Database.open(config.database(), threads.factory("wal-checkpoints")));
        ApiKeys keys = new ApiKeys(new KeyStore(db), config.security().adminKey());
        refuseOpenExposure(config, keys);
        ActivityStore activity = new ActivityStore(db, eventTypes);
        EventAnalytics analytics = new EventAnalytics(db);
        ProfileStore profiles = new ProfileStore(db);
        ItemStore itemStore = new ItemStore(db);
        RecommendationLogStore logStore = new RecommendationLogStore(db);
        MetricStore metricStore = new MetricStore(db);

        CatalogService catalog = new CatalogService(itemStore);
        catalog.reload();
        RecommendationLogWriter recommendationLogs = new RecommendationLogWriter(logStore, metrics.registry(), 10_000);
        ProfileAggregator aggregator = new ProfileAggregator(config.weights());
        EventWriter writer = own(new EventWriter(db, new EventLog(db), profiles, logStore, catalog, aggregator,
                new Sessions(Duration.ofMinutes(config.sessionGapMinutes()).toMillis()),
                Duration.ofMinutes(config.clickWindowMinutes()).toMillis(),
                metrics::clicksUnattributed, config.ingestWriterCount(), config.ingestProfilesKept()));
        metrics.gauge("brisk.ingest.profiles.kept", "Users' profiles the ingest writer keeps as it wrote them (PostgreSQL)",
                writer::profilesKept);
        metrics.counter("brisk.ingest.profiles.found.kept", "Users of written events whose kept profile was used",
                writer::profilesFoundKept);
        metrics.counter("brisk.ingest.profiles.read", "Users of written events whose profile was read from the database"
                + " while profiles are kept", writer::profilesReadBack);
        if (config.demoData()) {
            new DemoDataLoader(catalog, analytics, writer).loadIfEmpty(
                    new DemoDataGenerator.Config(config.demoSeed(), 1200, 500, 50_000, 42, System.currentTimeMillis()));
        }

        MeasuredCache cache = own(new MeasuredCache(cache(config), config.redisUrl().isEmpty() ? "memory" : "redis",
                metrics.registry()));
        cache.start(scheduler);

        // While the stored models load nothing is served: a large catalog's index is built on every core.
        Workers startup = own(Workers.start(config.models().threadsWithoutServing(),
                BackgroundThreads.training("index-build")));
        CandidateIndexes indexes = new CandidateIndexes(config.models().annMinItems(), startup);
        ModelRegistry models = new ModelRegistry(ModelSuite.TYPES, config.defaultModel(), indexes);
        BriskConfig.Cluster clusterConfig = config.cluster();
        String instanceId = instanceId(clusterConfig);
        ClusterStore cluster = new ClusterStore(db);
        ModelSync sync = new ModelSync(new ModelStore(new ModelSnapshotStore(db), clusterConfig.modelVersionsKept(),
                eventTypes),
                models, catalog, instanceId);
        sync.loadLatest();
        TrainerLease lease = own(new TrainerLease(cluster, instanceId, config.isSqlite(),
                clusterConfig.leaseSeconds() * 1000L));
        // The trainer's thread and these make a run's threads, all at the lowest priority; a run that
        // refreshes serving models is also held back while other work on the machine waits for a core.
        // Closed after the trainer.
        TrainingPace pace = TrainingPace.machine();
        Workers trainingWorkers = own(Workers.start(config.models().threadsWhileServing(),
                BackgroundThreads.training("train-worker"), pace));
        metrics.total("brisk.training.paused.seconds", "Time training was held back while other work waited for a core",
                pace::pausedSeconds);
        indexes.buildWith(trainingWorkers);
        startup.close();
        ModelTrainer trainer = own(new ModelTrainer(new TrainingData(new InteractionReader(db, eventTypes), 120_000),
                catalog, models, new ModelStore(new ModelSnapshotStore(db), clusterConfig.modelVersionsKept(), eventTypes),
                sync, cluster, instanceId,
                lease::holder, config.models().toParams(config.weights(), config.popularHalfLifeDays(), trainingWorkers),
                new ModelTrainer.Schedule(config.trainIntervalSeconds(), config.trainAfterEvents(),
                        clusterConfig.trainMinIntervalSeconds()), BackgroundThreads.training("trainer"), pace));
        lease.start(scheduler, trainer);
        trainer.start(scheduler);
        ExperimentService experiments = new ExperimentService(new ExperimentStore(db), java.util.Set.copyOf(models.types()));
        experiments.reload();
        ChangeFeed feed = new ChangeFeed(catalog, sync, experiments, clusterConfig.changeFeedMillis());
        feed.start(scheduler);

        UserHistories histories = new UserHistories(activity::recentInteractions, cache::generation, config.historyLimit(), config.historyCacheEvents(),
                Duration.ofSeconds(config.cacheTtlSeconds()));
        metrics.gauge("brisk.history.held.events", "Events of users' histories held in memory between lists",
                histories::heldEvents);
        metrics.counter("brisk.history.hits", "Users' histories answered from memory for a list", histories::hits);
        metrics.counter("brisk.history.reads", "Users' histories read from the database for a list", histories::reads);
        RecommendationService recommendations = new RecommendationService(cache, histories, catalog, models,
                recommendationLogs, metrics, new Rotation(config.models().rotationImpressions()),
                experiments::assign);
        TrendingService trending = new TrendingService(models, analytics, catalog, config.weights(), eventTypes);

        RecentEvents recentEvents = new RecentEvents(1000);
        // The histories held take a commit's events before its invalidation moves their generation on,
        // and are used again only once that invalidation succeeded.
        // The trainer's first: the sooner it has a commit's events, the less its read of the table may bring them first.
        List<IngestPipeline.AfterCommit> afterCommit = List.of(
                (commit, stored, rowIds) -> trainer.eventsStored(stored, rowIds),
                (commit, stored, rowIds) -> histories.committed(commit, stored),
                (commit, stored, rowIds) -> {
                    invalidate(stored, cache, metrics);
                    histories.invalidated(stored);
                },
                (commit, stored, rowIds) -> recentEvents.add(stored, System.currentTimeMillis()));
        IngestPipeline ingest = own(new IngestPipeline(writer, recommendationLogs, metrics, histories::committing,
                afterCommit, config.ingestQueueEvents(), config.ingestCommitEvents()));
        writer.start(threads.factory("ingest-part"));
        ingest.start(threads.factory("ingest-writer"));
        measure(metrics, ingest, trainer);
        Intake intake = intake(config, ingest, db, instanceId, metrics, threads);

        Map<String, LongSupplier> counts = new LinkedHashMap<>();
        counts.put("events", analytics::count);
        counts.put("users", profiles::count);
        counts.put("items", itemStore::count);
        List<Health.Check> checks = new java.util.ArrayList<>(List.of(
                () -> db.ping() ? Health.up("database", Map.of("dialect", db.dialect().name().toLowerCase()))
                        : new Health("database", Health.DOWN, "the database does not answer", Map.of()),
                () -> cache.degraded()
                        ? new Health("cache", Health.DEGRADED, cache.problem(), Map.of("backend", cache.backend(),
                                "configured", "redis", "fallbacks", cache.fallbacks()))
                        : Health.up("cache", Map.of("backend", cache.backend())),
                trainer::health,
                feed::health,
                ingest::health));
        checks.addAll(intake.checks());
        StatusReport report = new StatusReport(metrics, cache, new Totals(counts), checks, trainer::status);
        own(new MetricSnapshotter(report, metricStore, "brisk-" + ProcessHandle.current().pid(),
                config.metricsSnapshotSeconds())).start(scheduler);
        BriskConfig.Retention retention = config.retention();
        own(new Retention(lease::held, retention.pruneIntervalSeconds())
                .keep("served_lists", retention.servedListDays(), logStore::deleteOlderThan)
                .keep("system_metrics", retention.metricDays(), metricStore::deleteOlderThan)).start(scheduler);

        SeedFigures seedFigures = new SeedFigures(cache, profiles::eventCountsByType, analytics::countsByType,
                eventTypes);
        SimilarItemsService similarItems = new SimilarItemsService(models, catalog);
        SimilarUsersService similarUsers = new SimilarUsersService(models, histories, new NeighbourStore(db, eventTypes));
        SimulatorControl simulator = own(new SimulatorControl(() -> ownApi(config), keys.internalKey(),
                threads.factory("simulator")));
        Bodies bodies = new Bodies(config.maxBodyBytes());
        BriskConfig.Security security = config.security();
        CrossSiteGuard crossSite = new CrossSiteGuard(security.corsOrigins());
        KeyAccessPolicy access = new KeyAccessPolicy(keys, security.rateLimitRead(), security.rateLimitWrite(),
                security.rateLimitAdmin(), crossSite, metrics.registry());
        Eraser eraser = new Eraser(new ErasureStore(db, profiles, eventTypes), cache, recentEvents, aggregator, catalog,
                recommendationLogs);
        List<Consumer<Api>> routes = List.<Consumer<Api>>of(
                new EventRoutes(intake.intake(), metrics, config.maxBatchEvents(), bodies, config.ingestAckTimeoutMillis(),
                        eventTypes)::register,
                new EventFeedRoutes(recentEvents, catalog)::register,
                new RecommendRoutes(recommendations, trending, models)::register,
                new SessionRoutes(recommendations, models, config.historyLimit(), bodies, eventTypes)::register,
                new SimilarItemRoutes(similarItems)::register,
                new UserRoutes(activity, profiles, eventTypes)::register,
                new UserEntityRoutes(new UserStore(db), profiles, similarUsers, bodies)::register,
                new ItemRoutes(catalog, bodies)::register,
                new CacheRoutes(cache, seedFigures)::register,
                new MetricsRoutes(metrics, report, metricStore, seedFigures, config.defaultModel(), VERSION,
                        security.metricsPublic() ? Role.PUBLIC : Role.ADMIN)::register,
                new KeyRoutes(keys, access, bodies)::register,
                new ErasureRoutes(eraser)::register,
                new ModelRoutes(models, trainer)::register,
                new AnalyticsRoutes(new EngagementReport(analytics, logStore, catalog))::register,
                new SimulatorRoutes(simulator)::register,
                // The API of the system Brisk replaces, served by the same components as Brisk's own.
                new SeedRecommendRoutes(recommendations, models, catalog, bodies)::register,
                new SeedCompatRoutes(cache, activity, catalog, similarItems)::register,
                new SeedLearningRoutes(trainer, models, config.trainAfterEvents(), config.trainIntervalSeconds())::register,
                new ExperimentRoutes(experiments, bodies)::register,
                new DocsRoutes()::register);
        DashboardSite site = new DashboardSite();
        BrowserRules browser = new BrowserRules(crossSite);
        HttpServer.Limits limits = new HttpServer.Limits(security.idleTimeoutMillis(), security.minBodyBytesPerSecond(),
                security.maxConnectionsPerClient());
        HttpServer http = own(new HttpServer(bodies, access, routes,
                List.of(browser::register, app -> site.register(app, false)), limits, metrics::requestServed));
        // The dashboard's own port serves the same API routes as the API port (same handlers, same
        // error mapping) rather than calling the API port across origins: the page then uses plain
        // relative API paths and works the same under /dashboard on either port, without CORS and
        // without having to know how the browser reaches the API port.
        Supplier<HttpServer> dashboard = () -> new HttpServer(bodies, access, routes,
                List.of(browser::register, app -> site.register(app, true)), limits, metrics::requestServed);
        return new Wiring(http, dashboard, recommendationLogs, keys);
    }

    /** The figures of the ingest queue and the trainer, read when {@code /metrics} is scraped. */
    private static void measure(BriskMetrics metrics, IngestPipeline ingest, ModelTrainer trainer) {
        metrics.gauge("brisk.ingest.queue.events", "Events accepted and waiting for their group commit", ingest::queued);
        metrics.gauge("brisk.ingest.queue.capacity", "Events the ingest queue holds before answering 503",
                ingest::capacity);
        metrics.gauge("brisk.training.leader", "1 on the instance that trains the models (holds the lease)",
                () -> trainer.leading() ? 1 : 0);
        metrics.gauge("brisk.training.events.pending", "Events stored since the last full training run",
                trainer::eventsSinceTraining);
        metrics.gauge("brisk.training.last.finished.seconds", "When the last training run finished (Unix time), 0 before the first",
                () -> trainer.lastFinishedAt() / 1000.0);
        metrics.gauge("brisk.training.last.duration.seconds", "How long the last finished training run took",
                () -> ((Number) trainer.lastRun().getOrDefault("took_ms", 0L)).doubleValue() / 1000.0);
        metrics.counter("brisk.training.runs", "Training runs that finished and published their models",
                trainer::runsCompleted);
    }

    private record Intake(EventIntake intake, List<Health.Check> checks) {
    }

    /**
     * Where {@code POST /events} puts events: the ingest pipeline, or, with BRISK_KAFKA_BOOTSTRAP,
     * the Kafka topic, with this instance's consumer storing its share of the partitions through
     * the same pipeline.
     */
    private Intake intake(BriskConfig config, IngestPipeline ingest, Database db, String instanceId,
                          BriskMetrics metrics, BackgroundThreads threads) {
        if (!config.kafka().enabled()) {
            return new Intake(EventIntake.direct(ingest, config.ingestAckTimeoutMillis()), List.of());
        }
        KafkaEventLog eventLog = own(new KafkaEventLog(config.kafka(), instanceId, metrics.registry()))
                .start(threads.factory("kafka-append"));
        eventLog.ensureTopic();
        KafkaEventConsumer consumer = own(new KafkaEventConsumer(eventLog, instanceId, ingest,
                Math.min(config.ingestCommitEvents(), MAX_POLL_RECORDS), config.ingestAckTimeoutMillis(),
                metrics.registry(), config.eventTypes()));
        consumer.start(threads.factory("kafka-consumer"));
        log.info("Events go through the Kafka topic {} at {} (consumer group {})", config.kafka().topic(),
                config.kafka().bootstrap(), config.kafka().group());
        return new Intake(new KafkaIntake(eventLog, new EventLog(db), config.ingestAckTimeoutMillis()),
                List.of(consumer::health));
    }

    /** Events one poll of the Kafka consumer hands to the writer at most (one group commit). */
    private static final int MAX_POLL_RECORDS = 5_000;

    /**
     * Binds the dashboard's port. A busy default port (BRISK_DASHBOARD_PORT not set) is replaced by
     * a free one with a warning; a port that was set explicitly must be bound.
     */
    private int startDashboard(Supplier<HttpServer> dashboard, BriskConfig config) {
        if (!config.dashboardPortFlexible() || portLooksFree(config.host(), config.dashboardPort())) {
            HttpServer server = dashboard.get();
            try {
                int bound = bind(server, "BRISK_DASHBOARD_PORT", config.host(), config.dashboardPort());
                own(server);
                log.info("The dashboard is at http://{}:{}/ and under /dashboard/ on the API port", config.host(), bound);
                return bound;
            } catch (PortInUseException e) {
                server.close();
                if (!config.dashboardPortFlexible()) {
                    throw e;
                }
            }
        }
        HttpServer fallback = own(dashboard.get());
        int bound = fallback.start(config.host(), 0);
        log.warn("Port {} is in use, so the dashboard is at http://{}:{}/ instead (set BRISK_DASHBOARD_PORT to choose); "
                + "it is also under /dashboard/ on the API port", config.dashboardPort(), config.host(), bound);
        return bound;
    }

    /** Checked first so that a busy default port is not logged as a failed start by the server. */
    private static boolean portLooksFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where this process reaches its own API: loopback when it listens on every interface. */
    private URI ownApi(BriskConfig config) {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("localhost")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port);
    }

    /** Builds and starts every component; on failure, stops what was already started. */
    public static Brisk start(BriskConfig config) {
        return new Brisk(config);
    }

    /** This instance's name in the cluster: configured, or host and process id. */
    private static String instanceId(BriskConfig.Cluster cluster) {
        if (!cluster.instanceId().isEmpty()) {
            return cluster.instanceId();
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(new java.util.Random().nextInt(0x10000));
    }

    /** Memory only, or Redis with the memory cache as its fallback. */
    private static RecommendationCache cache(BriskConfig config) {
        Duration ttl = Duration.ofSeconds(config.cacheTtlSeconds());
        MemoryCache memory = new MemoryCache(ttl, config.cacheMaxEntries());
        if (config.redisUrl().isEmpty()) {
            return memory;
        }
        Duration timeout = Duration.ofMillis(config.redisTimeoutMillis());
        return new FailoverCache(() -> RedisCache.connect(config.redisUrl(), config.redisPrefix(), ttl, timeout), memory);
    }

    private static void invalidate(List<Event> stored, MeasuredCache cache, BriskMetrics metrics) {
        long now = System.nanoTime();
        List<String> users = stored.stream().map(Event::userId).distinct().toList();
        cache.invalidateUsers(users); // one round trip to Redis for the whole group, not one per user
        users.forEach(user -> metrics.userChanged(user, now));
    }

    private <T extends AutoCloseable> T own(T component) {
        started.push(component);
        return component;
    }

    public int port() {
        return port;
    }

    /** The port the dashboard is served on (it is also under /dashboard on {@link #port()}). */
    public int dashboardPort() {
        return dashboardPort;
    }

    public List<Api.Route> routes() {
        return http.routes();
    }

    /** Waits until every served list queued so far is in {@code served_lists}. */
    public void flushRecommendationLogs() {
        recommendationLogs.flush(5_000);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
