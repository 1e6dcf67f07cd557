package dev.brisk.server.cache;

/** What the cache did since start: the answer of {@code GET /cache/stats}. */
public record CacheStats(String backend, String configuredBackend, long hits, long misses, double hitRate, long puts, long size,
                         long evictions, long invalidations, long errors, long fallbacks,
                         double getLatencyMicrosAvg, double putLatencyMicrosAvg, double getLatencyMicrosP99,
                         boolean degraded, String problem) {
}
