package dev.brisk.core.event;

import java.util.Objects;

/**
 * One validated user interaction. Times are epoch milliseconds; {@code rating} is NaN unless the
 * type is {@link EventType#RATING}; optional strings are null when absent.
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
        String recommendationId) {

    public Event {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(type, "type");
    }

    public boolean hasRating() {
        return !Double.isNaN(rating);
    }

    public Event withEventId(String id) {
        return new Event(id, userId, itemId, type, rating, timestamp, sessionId, source, recommendationId);
    }

    public Event withSessionId(String session) {
        return new Event(eventId, userId, itemId, type, rating, timestamp, session, source, recommendationId);
    }
}
