package dev.brisk.client;

import java.time.Instant;

/** An API key as listed (without its secret). */
public record KeyInfo(String id, String name, String role, String prefix, Instant createdAt, Instant revokedAt, boolean active) {
}
