package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.server.analytics.EngagementReport;
import java.time.Duration;

/**
 * {@code GET /analytics/engagement?window=24h} — active users, events per type and per hour, top
 * items, the view → click → purchase funnel and click-through rate per model over the window
 * (30m, 24h, 7d, 2w ...; default 24h).
 */
public final class AnalyticsRoutes {
    private final EngagementReport report;

    public AnalyticsRoutes(EngagementReport report) {
        this.report = report;
    }

    public void register(Api api) {
        api.get("/analytics/engagement", Role.ADMIN, ctx -> {
            Query q = Query.of(ctx, "window");
            Duration window = q.window("window").orElse(Duration.ofHours(24));
            ctx.json(report.report(window, q.rawValue("window").orElse("24h")));
        });
    }
}
