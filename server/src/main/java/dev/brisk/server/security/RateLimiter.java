package dev.brisk.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Token buckets, one per caller (a key, or a client address while the API is open): each holds up
 * to one second of its rate and refills continuously. Buckets of callers gone quiet are dropped.
 */
public final class RateLimiter {
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5)).maximumSize(100_000).build();

    /**
     * Takes one token from the caller's bucket; returns 0 when the request may go, otherwise the
     * seconds to wait before one will be there (at least 1). A rate of 0 means unlimited.
     */
    public long acquire(String caller, int perSecond) {
        if (perSecond <= 0) {
            return 0;
        }
        return buckets.get(caller + "@" + perSecond, k -> new Bucket(perSecond)).take(System.nanoTime());
    }

    private static final class Bucket {
        private final double rate;
        private double tokens;
        private long updated;

        Bucket(int perSecond) {
            this.rate = perSecond;
            this.tokens = perSecond;
            this.updated = System.nanoTime();
        }

        synchronized long take(long now) {
            tokens = Math.min(rate, tokens + (now - updated) / 1e9 * rate);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }
    }
}
