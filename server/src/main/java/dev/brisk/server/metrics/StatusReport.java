package dev.brisk.server.metrics;

import dev.brisk.server.cache.MeasuredCache;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The live figures of {@code /metrics/realtime} and the component states of {@code /ready}. */
public final class StatusReport {
    private final BriskMetrics metrics;
    private final MeasuredCache cache;
    private final Totals totals;
    private final List<Health.Check> checks;
    private final java.util.function.Supplier<Object> modelStatus;

    public StatusReport(BriskMetrics metrics, MeasuredCache cache, Totals totals, List<Health.Check> checks,
                        java.util.function.Supplier<Object> modelStatus) {
        this.metrics = metrics;
        this.cache = cache;
        this.totals = totals;
        this.checks = List.copyOf(checks);
        this.modelStatus = modelStatus;
    }

    public List<Health> components() {
        return checks.stream().map(check -> {
            try {
                return check.check();
            } catch (RuntimeException e) {
                return new Health("unknown", Health.DOWN, e.getMessage(), Map.of());
            }
        }).toList();
    }

    /** "up" when every component is up, "down" when any is down, else "degraded". */
    public static String overall(List<Health> components) {
        if (components.stream().anyMatch(Health::isDown)) {
            return Health.DOWN;
        }
        return components.stream().allMatch(h -> Health.UP.equals(h.status())) ? Health.UP : Health.DEGRADED;
    }

    /** Each model's state, version and training figures, as {@code GET /models} lists them. */
    public Object models() {
        return modelStatus.get();
    }

    public Map<String, Object> realtime() {
        long now = System.currentTimeMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timestamp", Instant.ofEpochMilli(now).toString());
        out.put("uptime_seconds", (now - metrics.startedAt()) / 1000);
        out.put("events", metrics.eventRates(now));
        out.put("totals", totals.current());
        var stats = cache.stats();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("backend", stats.backend());
        c.put("hit_rate", Math.round(stats.hitRate() * 10_000.0) / 10_000.0);
        c.put("hits", stats.hits());
        c.put("misses", stats.misses());
        c.put("size", stats.size());
        out.put("cache", c);
        out.put("recommend_latency", metrics.recommendLatency());
        out.put("freshness", metrics.freshness());
        out.put("ingest_commit_latency", metrics.commitLatency());
        out.put("models", modelStatus.get());
        List<Health> components = components();
        out.put("status", overall(components));
        out.put("components", components);
        return out;
    }
}
