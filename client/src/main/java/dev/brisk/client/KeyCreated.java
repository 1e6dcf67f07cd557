package dev.brisk.client;

import java.time.Instant;

/** A new API key. {@code key} is the secret itself: shown only in this answer, stored only as a hash. */
public record KeyCreated(String id, String key, String role, String name, Instant createdAt) {
}
