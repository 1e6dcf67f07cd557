package dev.brisk.client;

import java.time.Instant;

/** An event of the live feed, in the order this instance acknowledged it ({@code seq}). */
public record FeedEvent(long seq, String eventId, String userId, String itemId, String title, String eventType, Double rating,
        Instant timestamp, Instant acknowledgedAt, String sessionId, String source, String recommendationId) {
}
