package dev.brisk.client;

/** The recommendation cache's figures: backend, hits and misses, size, latencies, and whether it is degraded. */
public record CacheStats(String backend, String configuredBackend, long hits, long misses, double hitRate, long puts, long size,
        long evictions, long invalidations, long errors, long fallbacks, double getLatencyMicrosAvg,
        double putLatencyMicrosAvg, double getLatencyMicrosP99, boolean degraded, String problem) {
}
