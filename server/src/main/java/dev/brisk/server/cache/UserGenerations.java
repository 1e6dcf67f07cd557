package dev.brisk.server.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A per-user counter bumped before each invalidation. A list computed while the counter moved
 * may predate the user's newest event, so it must not stay cached: the service compares the
 * counter before computing and after storing, and drops its own entry when it changed.
 */
public final class UserGenerations {
    private final Cache<String, AtomicLong> generations = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    public long current(String userId) {
        AtomicLong g = generations.getIfPresent(userId);
        return g == null ? 0 : g.get();
    }

    public void bump(String userId) {
        generations.get(userId, u -> new AtomicLong()).incrementAndGet();
    }
}
