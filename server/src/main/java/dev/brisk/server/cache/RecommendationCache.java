package dev.brisk.server.cache;

import java.util.Optional;

/**
 * Where served lists are kept between requests, as text under the keys of
 * {@link dev.brisk.core.model.ListKey} (the recommendation service's form: a list's encoded JSON
 * with what a hit needs to serve it as it is). Backends: {@link MemoryCache} (in-process) and
 * {@link RedisCache} (shared by every instance); {@link FailoverCache} switches between them.
 * <p>Each user has a generation that every invalidation advances. A list is computed after
 * reading the generation and stored with it; the store refuses it when the user was invalidated
 * in between, so a list computed from an older history is never cached after a newer event.
 */
public interface RecommendationCache extends AutoCloseable {

    /** "memory" or "redis": what answers now. */
    String backend();

    Optional<String> get(String key);

    /** The user's current generation; read it before computing a list to store. */
    long generation(String userId);

    /** Stores a list for the time to live, unless the user's generation moved on since it was read. */
    void put(String key, String list, long generation);

    /** Drops every list of this user and advances their generation; returns how many lists were dropped. */
    long invalidateUser(String userId);

    /** Starts the cache's periodic work, if it has any, on the process's scheduler. */
    default void start(java.util.concurrent.ScheduledExecutorService scheduler) {
    }

    /** {@link #invalidateUser} for several users; shared backends do it in one round trip. */
    default long invalidateUsers(java.util.Collection<String> userIds) {
        long dropped = 0;
        for (String user : userIds) {
            dropped += invalidateUser(user);
        }
        return dropped;
    }

    /** Drops every list of every user. */
    void clear();

    /** Lists held now (approximate for distributed backends). */
    long size();

    /** Lists dropped for space, not by invalidation or expiry. */
    long evictions();

    /** The memory a shared backend reports using (Redis's {@code used_memory_human}); null for the in-process cache. */
    default String memoryUsed() {
        return null;
    }

    /** Whether a configured backend is unreachable and another is answering in its place. */
    default boolean degraded() {
        return false;
    }

    /** Operations answered by the fallback backend because the configured one was unreachable. */
    default long fallbacks() {
        return 0;
    }

    /** Why the cache is degraded, or null. */
    default String problem() {
        return null;
    }

    @Override
    default void close() {
    }
}
