package dev.brisk.server.http;

import dev.brisk.core.event.Event;
import dev.brisk.server.store.StoredEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stored data in the shapes that clients of the system Brisk replaces read. */
final class SeedViews {
    private SeedViews() {
    }

    /** One event of {@code recent_events}: that system's type names ({@code rate}) and an ISO timestamp. */
    static Map<String, Object> event(StoredEvent stored) {
        Event e = stored.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", e.eventId());
        m.put("user_id", e.userId());
        m.put("item_id", e.itemId());
        m.put("event_type", e.type().seedName());
        m.put("rating", e.hasRating() ? e.rating() : null);
        m.put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
        m.put("session_id", e.sessionId());
        m.put("source", e.source());
        m.put("metadata", e.metadata());
        return m;
    }
}
