package dev.brisk.server.metrics;

import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import dev.brisk.server.cache.CacheStats;
import dev.brisk.server.cache.MeasuredCache;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The figures that clients of the system Brisk replaces read from {@code /metrics/realtime} and
 * {@code /cache/stats}, under that system's names, computed from Brisk's own state: stored events
 * per type (in total and over the last hour) and the cache's figures.
 */
public final class SeedFigures {
    private static final long MAX_AGE_MILLIS = 5_000;
    private static final long HOUR_MILLIS = 3_600_000;

    private final MeasuredCache cache;
    private final EventTypes types;
    private final Refreshed<Map<String, Object>> eventMetrics;

    /**
     * @param storedByType stored events per type, over all time
     * @param sinceByType  stored events per type whose own time is at or after a time
     * @param types        the accepted types, each reported (events of a retired type are not)
     */
    public SeedFigures(MeasuredCache cache, Supplier<Map<String, Long>> storedByType,
                       LongFunction<Map<String, Long>> sinceByType, EventTypes types) {
        this.cache = cache;
        this.types = types;
        this.eventMetrics = new Refreshed<>(() -> eventMetrics(storedByType.get(),
                sinceByType.apply(System.currentTimeMillis() - HOUR_MILLIS)), MAX_AGE_MILLIS, Map.of());
    }

    /** Per type ({@code rate} for ratings): {@code {type}_count} stored in total and {@code {type}_last_hour}. */
    public Map<String, Object> eventMetrics() {
        return eventMetrics.get();
    }

    private Map<String, Object> eventMetrics(Map<String, Long> total, Map<String, Long> lastHour) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (EventType type : types.all()) {
            out.put(type.seedName() + "_count", total.getOrDefault(type.wireName(), 0L));
            out.put(type.seedName() + "_last_hour", lastHour.getOrDefault(type.wireName(), 0L));
        }
        return out;
    }

    /** Which backend answers and what each holds: lists in memory or in Redis, and Redis's memory. */
    public Map<String, Object> cacheMetrics() {
        boolean redis = "redis".equals(cache.backend());
        long size = cache.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", cache.backend());
        out.put("redis_available", redis);
        out.put("memory_cache_size", redis ? 0 : size);
        out.put("redis_memory_used", redis ? cache.memoryUsed() : null);
        out.put("redis_cached_recommendations", redis ? size : 0);
        out.put("degraded", cache.degraded());
        return out;
    }

    /** Requests, hits, misses and the hit rate (a fraction) since start. */
    public Map<String, Object> cachePerformance() {
        CacheStats stats = cache.stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_requests", stats.hits() + stats.misses());
        out.put("hits", stats.hits());
        out.put("misses", stats.misses());
        out.put("hit_rate", Math.round(stats.hitRate() * 10_000.0) / 10_000.0);
        out.put("timestamp", Instant.now().toString());
        return out;
    }
}
