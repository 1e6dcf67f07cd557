package dev.brisk.client;

import java.time.Instant;

/** One interaction of an anonymous visitor's session, for {@link SessionRequest}. */
public record SessionInteraction(String itemId, EventType eventType, Double rating, Instant timestamp) {

    public static SessionInteraction of(String itemId, EventType type) {
        return new SessionInteraction(itemId, type, null, null);
    }
}
