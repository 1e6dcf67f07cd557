package dev.brisk.server.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and times every operation of the cache it wraps (hits, misses, latencies,
 * invalidations, failures) into Micrometer and into the figures of {@code /cache/stats}. A failing
 * backend never fails a request: a failed get is a miss, a failed put or drop is counted.
 */
public final class MeasuredCache implements RecommendationCache {
    private final RecommendationCache inner;
    private final String configured;
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;
    private final LongAdder puts = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final Timer getTimer;
    private final Timer putTimer;

    /** @param configured the backend the operator asked for ("memory" or "redis") */
    public MeasuredCache(RecommendationCache inner, String configured, MeterRegistry registry) {
        this.inner = inner;
        this.configured = configured;
        String lookups = "Cache lookups of recommendation lists, by result (hit or miss)";
        this.hits = Counter.builder("brisk.cache.requests").tag("result", "hit").description(lookups).register(registry);
        this.misses = Counter.builder("brisk.cache.requests").tag("result", "miss").description(lookups).register(registry);
        this.errors = Counter.builder("brisk.cache.errors").description("Cache calls that failed (counted as misses)")
                .register(registry);
        String latency = "Time of one cache call, by operation (get or put)";
        this.getTimer = Timer.builder("brisk.cache.latency").tag("op", "get").description(latency)
                .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
        this.putTimer = Timer.builder("brisk.cache.latency").tag("op", "put").description(latency).register(registry);
        Gauge.builder("brisk.cache.size", this, MeasuredCache::size).description("Lists held in the cache")
                .register(registry);
        Gauge.builder("brisk.cache.fallbacks", this, MeasuredCache::fallbacks)
                .description("Times the cache switched from Redis to memory since start").register(registry);
        Gauge.builder("brisk.cache.degraded", this, c -> c.degraded() ? 1 : 0)
                .description("1 while the configured cache (Redis) is unreachable and memory serves instead")
                .register(registry);
    }

    @Override
    public String backend() {
        return inner.backend();
    }

    @Override
    public Optional<String> get(String key) {
        long start = System.nanoTime();
        try {
            Optional<String> value = inner.get(key);
            (value.isPresent() ? hits : misses).increment();
            return value;
        } catch (RuntimeException e) {
            errors.increment();
            misses.increment();
            return Optional.empty();
        } finally {
            getTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public long generation(String userId) {
        try {
            return inner.generation(userId);
        } catch (RuntimeException e) {
            errors.increment();
            return -1;
        }
    }

    @Override
    public void put(String key, String json, long generation) {
        long start = System.nanoTime();
        try {
            inner.put(key, json, generation);
            puts.increment();
        } catch (RuntimeException e) {
            errors.increment();
        } finally {
            putTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public long invalidateUser(String userId) {
        long dropped = inner.invalidateUser(userId);
        invalidations.add(dropped);
        return dropped;
    }

    @Override
    public long invalidateUsers(java.util.Collection<String> userIds) {
        long dropped = inner.invalidateUsers(userIds);
        invalidations.add(dropped);
        return dropped;
    }

    @Override
    public void clear() {
        inner.clear();
    }

    @Override
    public long size() {
        try {
            return inner.size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String memoryUsed() {
        try {
            return inner.memoryUsed();
        } catch (RuntimeException e) {
            errors.increment();
            return null;
        }
    }

    @Override
    public long evictions() {
        return inner.evictions();
    }

    @Override
    public boolean degraded() {
        return inner.degraded();
    }

    @Override
    public long fallbacks() {
        return inner.fallbacks();
    }

    @Override
    public String problem() {
        return inner.problem();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public void start(java.util.concurrent.ScheduledExecutorService scheduler) {
        inner.start(scheduler);
    }

    public CacheStats stats() {
        long h = (long) hits.count();
        long m = (long) misses.count();
        double p99 = 0;
        for (var v : getTimer.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MICROSECONDS);
            }
        }
        return new CacheStats(backend(), configured, h, m, h + m == 0 ? 0.0 : (double) h / (h + m), puts.sum(), size(),
                evictions(), invalidations.sum(), (long) errors.count(), fallbacks(),
                getTimer.mean(TimeUnit.MICROSECONDS), putTimer.mean(TimeUnit.MICROSECONDS), p99, degraded(), problem());
    }
}
