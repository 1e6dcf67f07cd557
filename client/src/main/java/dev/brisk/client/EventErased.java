package dev.brisk.client;

/** The answer to erasing one event. */
public record EventErased(String eventId, String userId, boolean erased) {
}
