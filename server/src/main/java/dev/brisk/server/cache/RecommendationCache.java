package dev.brisk.server.cache;

import java.util.Optional;

/**
 * Where served lists are kept between requests, as JSON under the keys of
 * {@link dev.brisk.core.model.ListKey}. Implementations: {@link MemoryCache}; the Redis backend and
 * the failover between them slot in behind this same interface.
 */
public interface RecommendationCache extends AutoCloseable {

    /** "memory" or "redis": what actually answered. */
    String backend();

    Optional<String> get(String key);

    /** Stores a list for the configured time to live. */
    void put(String key, String json);

    /** Drops every list of this user; returns how many were dropped. */
    long invalidateUser(String userId);

    /** Drops every list of every user. */
    void clear();

    /** Lists held now (approximate for distributed backends). */
    long size();

    /** Lists dropped for space, not by invalidation or expiry. */
    long evictions();

    @Override
    default void close() {
    }
}
