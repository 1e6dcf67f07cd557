package dev.brisk.client;

import java.util.Map;

/** The state of one component (database, cache, ingest, models...): up, degraded or down. */
public record ComponentHealth(String component, String status, String message, Map<String, Object> details) {
}
