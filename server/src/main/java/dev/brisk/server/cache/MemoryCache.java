package dev.brisk.server.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.brisk.core.model.ListKey;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process cache (Caffeine) with a per-user index of keys, so that invalidating a user is
 * proportional to that user's lists. Puts and invalidations of one user are serialised on that
 * user's index entry, which is what makes the generation check exact.
 */
public final class MemoryCache implements RecommendationCache {
    private final Cache<String, String> lists;
    private final ConcurrentHashMap<String, Set<String>> keysByUser = new ConcurrentHashMap<>();
    /** Generations outlive any list computation by far; an expired one restarts at 0, which only refuses a put. */
    private final Cache<String, AtomicLong> generations = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(30)).build();

    public MemoryCache(Duration ttl, long maxEntries) {
        this.lists = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .recordStats()
                .removalListener((String key, String value, RemovalCause cause) -> {
                    if (key != null && cause != RemovalCause.REPLACED && cause != RemovalCause.EXPLICIT) {
                        forget(key);
                    }
                })
                .build();
    }

    @Override
    public String backend() {
        return "memory";
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(lists.getIfPresent(key));
    }

    @Override
    public long generation(String userId) {
        AtomicLong g = generations.getIfPresent(userId);
        return g == null ? 0 : g.get();
    }

    @Override
    public void put(String key, String json, long generation) {
        String user = ListKey.userOf(key);
        if (user == null) {
            lists.put(key, json);
            return;
        }
        keysByUser.compute(user, (u, keys) -> {
            if (generation(u) != generation) {
                return keys;
            }
            Set<String> set = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            set.add(key);
            lists.put(key, json);
            return set;
        });
    }

    @Override
    public long invalidateUser(String userId) {
        long[] dropped = {0};
        keysByUser.compute(userId, (u, keys) -> {
            generations.get(u, x -> new AtomicLong()).incrementAndGet();
            if (keys != null) {
                dropped[0] = keys.size();
                lists.invalidateAll(keys);
            }
            return null;
        });
        return dropped[0];
    }

    @Override
    public void clear() {
        keysByUser.clear();
        lists.invalidateAll();
    }

    @Override
    public long size() {
        return lists.estimatedSize();
    }

    @Override
    public long evictions() {
        return lists.stats().evictionCount();
    }

    private void forget(String key) {
        String user = ListKey.userOf(key);
        if (user != null) {
            keysByUser.computeIfPresent(user, (u, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
    }
}
