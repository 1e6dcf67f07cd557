package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.server.ingest.RecentEvents;
import dev.brisk.server.catalog.CatalogService;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live event feed. {@code GET /events/recent?limit=50&after=} — the latest events this
 * instance acknowledged, newest first, each with {@code seq}, the event's fields, the item's
 * {@code title} and {@code acknowledged_at}. {@code limit} is 1–1000 (at most the ring's size);
 * {@code after} is the {@code latest_seq} of the previous answer, so that a poller receives only
 * what is new; {@code missed} counts events that left the in-memory ring before they were read.
 * Only events acknowledged by this process since it started are kept (the full history is
 * {@code /users/{id}/activity}).
 */
public final class EventFeedRoutes {
    private final RecentEvents recent;
    private final CatalogService catalog;

    public EventFeedRoutes(RecentEvents recent, CatalogService catalog) {
        this.recent = recent;
        this.catalog = catalog;
    }

    public void register(Api api) {
        api.get("/events/recent", Role.ADMIN, this::recent);
    }

    private void recent(Context ctx) {
        Query q = Query.of(ctx, "limit", "after");
        int limit = q.integer("limit", 50, 1, Math.min(1000, recent.capacity()));
        long after = q.rawValue("after").filter(v -> !v.isEmpty()).map(EventFeedRoutes::sequence).orElse(0L);
        RecentEvents.Page page = recent.after(after, limit);
        Catalog items = catalog.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.entries().stream().map(entry -> view(entry, items)).toList());
        body.put("count", page.entries().size());
        body.put("latest_seq", page.latestSeq());
        body.put("missed", page.missed());
        body.put("capacity", recent.capacity());
        ctx.json(body);
    }

    private static long sequence(String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("Query parameter after must be a latest_seq (a whole number from 0), got '"
                + text + "'");
    }

    private static Map<String, Object> view(RecentEvents.Entry entry, Catalog items) {
        Event e = entry.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", entry.seq());
        m.put("event_id", e.eventId());
        m.put("user_id", e.userId());
        m.put("item_id", e.itemId());
        m.put("title", items.find(e.itemId()).map(Item::title).orElse(null));
        m.put("event_type", e.type().wireName());
        m.put("rating", e.hasRating() ? e.rating() : null);
        m.put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
        m.put("acknowledged_at", Instant.ofEpochMilli(entry.acknowledgedAt()).toString());
        m.put("session_id", e.sessionId());
        m.put("source", e.source());
        m.put("recommendation_id", e.recommendationId());
        return m;
    }
}
