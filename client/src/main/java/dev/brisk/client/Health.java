package dev.brisk.client;

/** Liveness: the process answers. */
public record Health(String status, String service, String version, long uptimeSeconds) {
}
