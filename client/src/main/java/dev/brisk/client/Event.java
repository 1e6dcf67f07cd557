package dev.brisk.client;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One interaction to send. Build it with {@link #of} and the {@code with...} methods; every event
 * the client sends carries an {@code eventId} (a random UUID unless given) fixed before the first
 * attempt, so a retried request is acknowledged as a duplicate instead of being stored twice.
 */
public record Event(String userId, String itemId, EventType eventType, Double rating, Instant timestamp,
                    String eventId, String sessionId, String source, String recommendationId,
                    Map<String, Object> metadata) {

    public Event {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(eventType, "eventType");
        metadata = metadata == null ? null : Map.copyOf(metadata);
    }

    /** An event of now (the service's clock) with a fresh event id. */
    public static Event of(String userId, String itemId, EventType type) {
        return new Event(userId, itemId, type, null, null, newId(), null, null, null, null);
    }

    /** A rating event (0.5 to 5). */
    public static Event rating(String userId, String itemId, double rating) {
        return of(userId, itemId, EventType.RATING).withRating(rating);
    }

    public Event withRating(double value) {
        return new Event(userId, itemId, eventType, value, timestamp, eventId, sessionId, source, recommendationId, metadata);
    }

    public Event withTimestamp(Instant value) {
        return new Event(userId, itemId, eventType, rating, value, eventId, sessionId, source, recommendationId, metadata);
    }

    /** Your own idempotency key instead of the generated one (e.g. the id of the row it comes from). */
    public Event withEventId(String value) {
        return new Event(userId, itemId, eventType, rating, timestamp, value, sessionId, source, recommendationId, metadata);
    }

    public Event withSessionId(String value) {
        return new Event(userId, itemId, eventType, rating, timestamp, eventId, value, source, recommendationId, metadata);
    }

    public Event withSource(String value) {
        return new Event(userId, itemId, eventType, rating, timestamp, eventId, sessionId, value, recommendationId, metadata);
    }

    /** The {@code requestId} of the served list this interaction came from: it credits the model that served it. */
    public Event withRecommendationId(String value) {
        return new Event(userId, itemId, eventType, rating, timestamp, eventId, sessionId, source, value, metadata);
    }

    public Event withMetadata(Map<String, Object> value) {
        return new Event(userId, itemId, eventType, rating, timestamp, eventId, sessionId, source, recommendationId, value);
    }

    /** This event with an id: itself when it has one, else a copy with a fresh UUID. */
    Event identified() {
        return eventId != null ? this : withEventId(newId());
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
