package dev.brisk.server.cluster;

import dev.brisk.server.experiments.ExperimentService;
import dev.brisk.server.metrics.Health;
import dev.brisk.server.catalog.CatalogService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this instance what other instances changed in the shared database: it polls the catalog's
 * version, the model store's newest snapshot and the experiments' version (indexed one-row reads)
 * every {@code periodMillis}, reading the changed items, loading the new models or reloading the
 * experiments when they moved.
 * Polling was chosen over PostgreSQL's LISTEN/NOTIFY or Redis pub/sub: it works the same on both
 * databases and through connection poolers, needs no connection of its own, and a missed message
 * cannot leave an instance behind, since each look compares versions rather than waiting for news.
 */
public final class ChangeFeed {
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final CatalogService catalog;
    private final ModelSync models;
    private final ExperimentService experiments;
    private final long periodMillis;
    private volatile String problem;
    private volatile long lastPoll;

    public ChangeFeed(CatalogService catalog, ModelSync models, ExperimentService experiments, long periodMillis) {
        this.catalog = catalog;
        this.models = models;
        this.experiments = experiments;
        this.periodMillis = periodMillis;
    }

    public void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** One look at every version; failures are logged once and shown in {@link #health()} until a look succeeds. */
    public void poll() {
        try {
            int items = catalog.refresh();
            if (items > 0) {
                log.debug("Applied {} catalog changes (catalog version {})", items, catalog.version());
            }
            models.poll();
            if (experiments.refresh()) {
                log.debug("Reloaded the experiments (version {})", experiments.version());
            }
            lastPoll = System.currentTimeMillis();
            if (problem != null) {
                log.info("The change feed reads the database again");
                problem = null;
            }
        } catch (RuntimeException e) {
            if (problem == null) {
                log.warn("The change feed cannot read the database; catalog, model and experiment changes of other "
                        + "instances wait: {}",
                        e.getMessage());
            }
            problem = e.getMessage();
        }
    }

    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("catalog_version", catalog.version());
        details.put("model_snapshot", models.loadedId());
        details.put("experiments_version", experiments.version());
        details.put("period_ms", periodMillis);
        details.put("last_poll", lastPoll == 0 ? "not yet" : java.time.Instant.ofEpochMilli(lastPoll).toString());
        if (problem != null) {
            return new Health("change_feed", Health.DEGRADED, problem, details);
        }
        return Health.up("change_feed", details);
    }
}
