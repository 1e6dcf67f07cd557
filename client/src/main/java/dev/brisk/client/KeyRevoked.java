package dev.brisk.client;

/** The answer to revoking a key. */
public record KeyRevoked(String id, boolean revoked) {
}
