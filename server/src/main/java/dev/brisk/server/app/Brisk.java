package dev.brisk.server.app;

import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.Rotation;
import dev.brisk.core.training.ModelSuite;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.Sessions;
import dev.brisk.server.analytics.EngagementReport;
import dev.brisk.server.cache.MeasuredCache;
import dev.brisk.server.cache.MemoryCache;
import dev.brisk.server.cache.UserGenerations;
import dev.brisk.server.http.AnalyticsRoutes;
import dev.brisk.server.http.Api;
import dev.brisk.server.http.CacheRoutes;
import dev.brisk.server.http.DocsRoutes;
import dev.brisk.server.http.EventRoutes;
import dev.brisk.server.http.HttpServer;
import dev.brisk.server.http.ItemRoutes;
import dev.brisk.server.http.MetricsRoutes;
import dev.brisk.server.http.ModelRoutes;
import dev.brisk.server.http.RecommendRoutes;
import dev.brisk.server.http.SessionRoutes;
import dev.brisk.server.http.SimilarItemRoutes;
import dev.brisk.server.http.UserRoutes;
import dev.brisk.server.ingest.EventWriter;
import dev.brisk.server.ingest.IngestPipeline;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.metrics.Health;
import dev.brisk.server.metrics.MetricSnapshotter;
import dev.brisk.server.metrics.StatusReport;
import dev.brisk.server.metrics.Totals;
import dev.brisk.server.recommend.CatalogService;
import dev.brisk.server.recommend.RecommendationLogWriter;
import dev.brisk.server.recommend.RecommendationService;
import dev.brisk.server.recommend.SimilarItemsService;
import dev.brisk.server.recommend.TrendingService;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.EventStore;
import dev.brisk.server.store.ItemStore;
import dev.brisk.server.store.MetricStore;
import dev.brisk.server.store.ProfileStore;
import dev.brisk.server.store.RecommendationLogStore;
import dev.brisk.server.training.ModelRegistry;
import dev.brisk.server.training.ModelTrainer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with {@code new}, in dependency order, and stops
 * them in reverse. Nothing else in the process creates a component or holds one statically.
 */
public final class Brisk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Brisk.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final HttpServer http;
    private final int port;
    private final RecommendationLogWriter recommendationLogs;

    private Brisk(BriskConfig config) {
        try {
            Wiring w = wire(config);
            this.http = w.http;
            this.recommendationLogs = w.recommendationLogs;
            this.port = http.start(config.host(), config.port());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Brisk is serving on http://{}:{} (database {}, memory cache); no API keys are configured, "
                + "the API is open", config.host(), port, config.isSqlite() ? "SQLite" : "PostgreSQL");
    }

    private record Wiring(HttpServer http, RecommendationLogWriter recommendationLogs) {
    }

    private Wiring wire(BriskConfig config) {
        BriskMetrics metrics = new BriskMetrics();
        Database db = own(Database.open(config));
        EventStore events = new EventStore(db);
        ProfileStore profiles = new ProfileStore(db);
        ItemStore itemStore = new ItemStore(db);
        RecommendationLogStore logStore = new RecommendationLogStore(db);
        MetricStore metricStore = new MetricStore(db);

        CatalogService catalog = new CatalogService(itemStore);
        catalog.reload();
        EventWriter writer = new EventWriter(db, events, profiles, logStore, catalog,
                new ProfileAggregator(config.weights()), new Sessions(Duration.ofMinutes(config.sessionGapMinutes()).toMillis()),
                Duration.ofMinutes(config.clickWindowMinutes()).toMillis());
        if (config.demoData()) {
            new DemoDataLoader(catalog, events, writer).loadIfEmpty(
                    new DemoDataGenerator.Config(config.demoSeed(), 1200, 500, 50_000, 42, System.currentTimeMillis()));
        }

        MeasuredCache cache = own(new MeasuredCache(
                new MemoryCache(Duration.ofSeconds(config.cacheTtlSeconds()), config.cacheMaxEntries()), metrics.registry()));
        UserGenerations generations = new UserGenerations();

        ModelRegistry models = new ModelRegistry(ModelSuite.TYPES, config.defaultModel());
        ModelTrainer trainer = own(new ModelTrainer(events, catalog, models,
                config.models().toParams(config.weights(), config.popularHalfLifeDays()),
                config.trainIntervalSeconds(), config.trainAfterEvents()));
        trainer.start();

        RecommendationLogWriter recommendationLogs = own(new RecommendationLogWriter(logStore, metrics.registry(), 100_000));
        RecommendationService recommendations = new RecommendationService(cache, generations, events, catalog, models,
                recommendationLogs, metrics, config.historyLimit(), new Rotation(config.models().rotationImpressions()));
        TrendingService trending = new TrendingService(models, events, catalog, config.weights());

        List<Consumer<List<Event>>> afterCommit = List.of(
                stored -> invalidate(stored, generations, cache, metrics),
                stored -> trainer.eventsStored(stored.size()));
        IngestPipeline ingest = own(new IngestPipeline(writer, metrics, afterCommit, config.ingestQueueEvents(),
                config.ingestCommitEvents()));

        Map<String, LongSupplier> counts = new LinkedHashMap<>();
        counts.put("events", events::count);
        counts.put("users", profiles::count);
        counts.put("items", itemStore::count);
        List<Health.Check> checks = List.of(
                () -> db.ping() ? Health.up("database", Map.of("dialect", db.dialect().name().toLowerCase()))
                        : new Health("database", Health.DOWN, "the database does not answer", Map.of()),
                () -> Health.up("cache", Map.of("backend", cache.backend())),
                trainer::health,
                ingest::health);
        StatusReport report = new StatusReport(metrics, cache, new Totals(counts), checks, trainer::status);
        own(new MetricSnapshotter(report, metricStore, "brisk-" + ProcessHandle.current().pid(),
                config.metricsSnapshotSeconds()));

        HttpServer http = own(new HttpServer(config.maxBodyBytes(), List.<Consumer<Api>>of(
                new EventRoutes(ingest, metrics, config.maxBatchEvents())::register,
                new RecommendRoutes(recommendations, trending, models)::register,
                new SessionRoutes(recommendations, models, config.historyLimit())::register,
                new SimilarItemRoutes(new SimilarItemsService(models, catalog))::register,
                new UserRoutes(events, profiles)::register,
                new ItemRoutes(catalog)::register,
                new CacheRoutes(cache)::register,
                new MetricsRoutes(metrics, report, metricStore)::register,
                new ModelRoutes(models, trainer)::register,
                new AnalyticsRoutes(new EngagementReport(events, logStore, catalog))::register,
                new DocsRoutes()::register)));
        return new Wiring(http, recommendationLogs);
    }

    /** Builds and starts every component; on failure, stops what was already started. */
    public static Brisk start(BriskConfig config) {
        return new Brisk(config);
    }

    private static void invalidate(List<Event> stored, UserGenerations generations, MeasuredCache cache,
                                   BriskMetrics metrics) {
        long now = System.nanoTime();
        stored.stream().map(Event::userId).distinct().forEach(user -> {
            generations.bump(user);
            cache.invalidateUser(user);
            metrics.userChanged(user, now);
        });
    }

    private <T extends AutoCloseable> T own(T component) {
        started.push(component);
        return component;
    }

    public int port() {
        return port;
    }

    public List<Api.Route> routes() {
        return http.routes();
    }

    /** Waits until every served list queued so far is in {@code recommendation_logs}. */
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
