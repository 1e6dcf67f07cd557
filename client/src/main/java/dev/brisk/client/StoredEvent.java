package dev.brisk.client;

import java.time.Instant;
import java.util.Map;

/** An event as stored, from a user's activity. */
public record StoredEvent(String eventId, String userId, String itemId, String eventType, Double rating, Instant timestamp,
        Instant receivedAt, String sessionId, String source, String recommendationId, Map<String, Object> metadata) {
}
