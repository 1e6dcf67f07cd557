package dev.brisk.client;

/** An event whose {@code event_id} is stored with other content: the stored one was kept, this one ignored. */
public record EventConflict(int index, String eventId, String reason) {
}
