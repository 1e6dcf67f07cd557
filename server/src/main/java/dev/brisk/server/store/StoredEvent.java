package dev.brisk.server.store;

import dev.brisk.core.event.Event;

/** An event as stored: its row id (a tie-breaker for equal timestamps) and when it was received. */
public record StoredEvent(long id, Event event, long receivedAt) {
}
