package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.metrics.Health;
import dev.brisk.server.metrics.MetricSnapshotter;
import dev.brisk.server.metrics.SeedFigures;
import dev.brisk.server.metrics.StatusReport;
import dev.brisk.server.store.MetricStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Operating figures. {@code GET /metrics/realtime} — events/s over 1 and 5 minutes (total and per
 * type), totals, cache hit rate, recommend latency and freshness p50/p95/p99, model status,
 * uptime, each component's health, and the replaced system's {@code event_metrics} and
 * {@code cache_metrics}. {@code GET /metrics/history?name=&window=} — stored snapshots of one
 * figure. {@code GET /metrics} — Prometheus text; the replaced system's model metrics when the
 * client accepts {@code application/json}. {@code GET /health} — the process is alive
 * ({@code status: "healthy"}, as the replaced system's clients test), with its name and version. {@code GET /ready} — each component's state; 503 when one is down.
 */
public final class MetricsRoutes {
    private final BriskMetrics metrics;
    private final StatusReport report;
    private final MetricStore history;
    private final SeedFigures seed;
    private final String defaultModel;
    private final String version;
    private final Role prometheusRole;

    /**
     * @param seed         the figures the replaced system's clients read, added to {@code /metrics/realtime}
     * @param defaultModel the model {@code /recommend} serves by default
     * @param version      Brisk's version, for {@code /health}
     * @param prometheusRole who may read {@code GET /metrics}: {@code PUBLIC} for a scraper without a key
     */
    public MetricsRoutes(BriskMetrics metrics, StatusReport report, MetricStore history, SeedFigures seed,
                         String defaultModel, String version, Role prometheusRole) {
        this.prometheusRole = prometheusRole;
        this.metrics = metrics;
        this.report = report;
        this.history = history;
        this.seed = seed;
        this.defaultModel = defaultModel;
        this.version = version;
    }

    public void register(Api api) {
        api.get("/metrics/realtime", Role.ADMIN, ctx -> {
            Query.of(ctx);
            Map<String, Object> body = report.realtime();
            body.put("event_metrics", seed.eventMetrics());
            body.put("cache_metrics", seed.cacheMetrics());
            ctx.json(body);
        });
        api.get("/metrics/history", Role.ADMIN, ctx -> {
            Query q = Query.of(ctx, "name", "window");
            String name = q.optionalText("name", 64)
                    .orElseThrow(() -> ApiException.badRequest("Query parameter name is required; one of "
                            + String.join(", ", new java.util.TreeSet<>(MetricSnapshotter.NAMES))));
            if (!MetricSnapshotter.NAMES.contains(name)) {
                throw ApiException.badRequest("Unknown metric '" + name + "'; one of "
                        + String.join(", ", new java.util.TreeSet<>(MetricSnapshotter.NAMES)));
            }
            Duration window = q.window("window").orElse(Duration.ofHours(1));
            ctx.json(Map.of("name", name, "points", history.history(name,
                    System.currentTimeMillis() - window.toMillis(), 10_000).stream()
                    .map(p -> Map.of("timestamp", java.time.Instant.ofEpochMilli(p.timestamp()).toString(), "value", p.value(),
                            "source", p.source())).toList()));
        });
        api.get("/metrics", prometheusRole, ctx -> {
            Query.of(ctx);
            // Prometheus never asks for JSON; the replaced system's clients read their model metrics here.
            String accept = ctx.header("Accept");
            if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/json")) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> models = (List<Map<String, Object>>) report.models();
                ctx.json(SeedModels.metrics(models, defaultModel));
                return;
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
        api.get("/health", Role.PUBLIC, ctx -> {
            Query.of(ctx);
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("status", "healthy");
            body.put("service", "brisk");
            body.put("version", version);
            body.put("uptime_seconds", (System.currentTimeMillis() - metrics.startedAt()) / 1000);
            ctx.json(body);
        });
        api.get("/ready", Role.PUBLIC, ctx -> {
            Query.of(ctx);
            List<Health> components = report.components();
            String status = StatusReport.overall(components);
            ctx.status(Health.DOWN.equals(status) ? 503 : 200).json(Map.of("status", status, "components", components));
        });
    }
}
