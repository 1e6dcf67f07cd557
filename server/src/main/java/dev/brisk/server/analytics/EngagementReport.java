package dev.brisk.server.analytics;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.EventAnalytics;
import dev.brisk.server.store.RecommendationLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engagement over a window: active users, events per type and hour, top items, the view → click
 * → purchase funnel (distinct users at each step) and click-through per model.
 */
public final class EngagementReport {
    private final EventAnalytics events;
    private final RecommendationLogStore logs;
    private final CatalogService catalog;

    public EngagementReport(EventAnalytics events, RecommendationLogStore logs, CatalogService catalog) {
        this.events = events;
        this.logs = logs;
        this.catalog = catalog;
    }

    public Map<String, Object> report(Duration window, String label) {
        long now = System.currentTimeMillis();
        long since = now - window.toMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window", label);
        out.put("since", Instant.ofEpochMilli(since).toString());
        out.put("active_users", events.activeUsers(since));
        out.put("events_by_type", events.countsByType(since));
        out.put("events_by_hour", events.countsByHour(since).entrySet().stream()
                .map(e -> Map.of("hour", Instant.ofEpochMilli(e.getKey() * 3_600_000L).toString(), "events", e.getValue()))
                .toList());
        Catalog items = catalog.current();
        out.put("top_items", events.topItems(since, 10).entrySet().stream()
                .map(e -> Map.of("item_id", e.getKey(), "title", items.titleOf(e.getKey()), "events", e.getValue()))
                .toList());
        out.put("funnel", funnel(events.usersByType(since)));
        out.put("click_through_by_model", logs.clicksByModel(since).stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", m.model());
            row.put("lists", m.lists());
            row.put("items_served", m.itemsServed());
            row.put("clicks", m.clicks());
            row.put("click_through_rate", Math.round(m.clickThroughRate() * 10_000.0) / 10_000.0);
            return row;
        }).toList());
        return out;
    }

    private static List<Map<String, Object>> funnel(Map<String, Long> usersByType) {
        long views = usersByType.getOrDefault("view", 0L);
        long clicks = usersByType.getOrDefault("click", 0L);
        long purchases = usersByType.getOrDefault("purchase", 0L);
        return List.of(
                step("view", views, null),
                step("click", clicks, views),
                step("purchase", purchases, clicks));
    }

    private static Map<String, Object> step(String name, long users, Long previous) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", name);
        m.put("users", users);
        m.put("rate_from_previous", previous == null ? null
                : previous == 0 ? 0.0 : Math.round(10_000.0 * users / previous) / 10_000.0);
        return m;
    }
}
