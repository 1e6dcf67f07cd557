package dev.brisk.server.metrics;

import dev.brisk.server.store.MetricStore;
import dev.brisk.server.store.MetricStore.MetricPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the live figures to {@code system_metrics} at a fixed interval, for history charts. */
public final class MetricSnapshotter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricSnapshotter.class);
    /** Every figure a snapshot holds. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("events_per_second_1m", "events_per_second_5m",
            "events_accepted_total", "cache_hit_rate", "cache_size", "recommend_latency_p50_ms",
            "recommend_latency_p95_ms", "recommend_latency_p99_ms", "freshness_p50_ms", "freshness_p99_ms",
            "total_events", "total_users", "total_items");

    private final StatusReport report;
    private final MetricStore store;
    private final String source;
    private final int intervalSeconds;
    private volatile java.util.concurrent.ScheduledFuture<?> task;
    private volatile boolean warned;

    public MetricSnapshotter(StatusReport report, MetricStore store, String source, int intervalSeconds) {
        this.report = report;
        this.store = store;
        this.source = source;
        this.intervalSeconds = intervalSeconds;
    }

    /** Takes a snapshot every interval on {@code scheduler}. */
    public void start(ScheduledExecutorService scheduler) {
        task = scheduler.scheduleAtFixedRate(this::snapshot, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** Takes one snapshot now. */
    @SuppressWarnings("unchecked")
    public void snapshot() {
        try {
            long now = System.currentTimeMillis();
            Map<String, Object> r = report.realtime();
            List<MetricPoint> points = new ArrayList<>();
            Map<String, Object> events = (Map<String, Object>) r.get("events");
            add(points, "events_per_second_1m", events.get("per_second_1m"), now);
            add(points, "events_per_second_5m", events.get("per_second_5m"), now);
            add(points, "events_accepted_total", events.get("total"), now);
            add(points, "cache_hit_rate", ((Map<String, Object>) r.get("cache")).get("hit_rate"), now);
            add(points, "cache_size", ((Map<String, Object>) r.get("cache")).get("size"), now);
            Map<String, Object> latency = (Map<String, Object>) r.get("recommend_latency");
            add(points, "recommend_latency_p50_ms", latency.get("p50"), now);
            add(points, "recommend_latency_p95_ms", latency.get("p95"), now);
            add(points, "recommend_latency_p99_ms", latency.get("p99"), now);
            Map<String, Object> freshness = (Map<String, Object>) r.get("freshness");
            add(points, "freshness_p50_ms", freshness.get("p50"), now);
            add(points, "freshness_p99_ms", freshness.get("p99"), now);
            ((Map<String, Long>) r.get("totals")).forEach((name, value) -> add(points, "total_" + name, value, now));
            store.insert(points);
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                log.warn("Could not store a metrics snapshot: {}", e.toString());
                warned = true;
            }
        }
    }

    private void add(List<MetricPoint> points, String name, Object value, long now) {
        if (value instanceof Number n) {
            points.add(new MetricPoint(name, n.doubleValue(), now, source));
        }
    }

    @Override
    public void close() {
        java.util.concurrent.ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
