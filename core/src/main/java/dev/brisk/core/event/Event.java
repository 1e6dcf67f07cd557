package dev.brisk.core.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One validated user interaction. Times are epoch milliseconds; {@code rating} is NaN unless the
 * type is {@link EventType#RATING}; optional strings are null when absent. {@code metadata} is the
 * application's own free-form object, stored with the event and returned with it, never read by
 * the models; null when absent.
 */
public record Event(
        String eventId,
        String userId,
        String itemId,
        EventType type,
        double rating,
        long timestamp,
        String sessionId,
        String source,
        String recommendationId,
        Map<String, Object> metadata) {

    public Event {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(type, "type");
        // JSON objects may hold nulls, which Map.copyOf refuses.
        metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** An event without metadata, as most sources (imports, generators, Brisk's own clients) send it. */
    public Event(String eventId, String userId, String itemId, EventType type, double rating, long timestamp,
                 String sessionId, String source, String recommendationId) {
        this(eventId, userId, itemId, type, rating, timestamp, sessionId, source, recommendationId, null);
    }

    public boolean hasRating() {
        return !Double.isNaN(rating);
    }

    public Event withEventId(String id) {
        return new Event(id, userId, itemId, type, rating, timestamp, sessionId, source, recommendationId, metadata);
    }

    public Event withSessionId(String session) {
        return new Event(eventId, userId, itemId, type, rating, timestamp, session, source, recommendationId, metadata);
    }
}
