package dev.brisk.server.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis first, memory when Redis fails. The first failed call switches to the in-memory cache
 * (one warning per outage, every operation served from memory counted as a fallback); a probe
 * reconnects every second and switches back once Redis answers. Users invalidated while Redis was
 * away are invalidated there before switching back (all lists are dropped if there were too many
 * to remember), so a list made stale during the outage is never served afterwards.
 */
public final class FailoverCache implements RecommendationCache {
    private static final Logger log = LoggerFactory.getLogger(FailoverCache.class);
    private static final int MAX_REMEMBERED = 100_000;
    private static final long EPOCH_SHIFT = 40;

    private final Supplier<RedisCache> connector;
    private final MemoryCache memory;
    private volatile java.util.concurrent.ScheduledFuture<?> probe;
    private final Set<String> invalidatedWhileAway = ConcurrentHashMap.newKeySet();
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong epoch = new AtomicLong();
    private volatile RedisCache redis;
    private volatile boolean degraded;
    private volatile boolean forgotSome;
    private volatile String problem;

    public FailoverCache(Supplier<RedisCache> connector, MemoryCache memory) {
        this.connector = connector;
        this.memory = memory;
        try {
            this.redis = connector.get();
        } catch (RuntimeException e) {
            degrade(e);
        }
    }

    /** Probes Redis every second (while degraded) on {@code scheduler}, to come back to it by itself. */
    @Override
    public void start(ScheduledExecutorService scheduler) {
        probe = scheduler.scheduleWithFixedDelay(this::tryRecover, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public String backend() {
        return degraded ? memory.backend() : "redis";
    }

    @Override
    public boolean degraded() {
        return degraded;
    }

    @Override
    public long fallbacks() {
        return fallbacks.get();
    }

    @Override
    public String problem() {
        return degraded ? problem : null;
    }

    @Override
    public Optional<String> get(String key) {
        RedisCache r = healthy();
        if (r != null) {
            try {
                return r.get(key);
            } catch (RuntimeException e) {
                degrade(e);
            }
        }
        fallbacks.incrementAndGet();
        return memory.get(key);
    }

    /** The backend's generation, tagged with the switch count so a put never crosses a switch. */
    @Override
    public long generation(String userId) {
        long tag = epoch.get() << EPOCH_SHIFT;
        RedisCache r = healthy();
        if (r != null) {
            try {
                return tag | r.generation(userId);
            } catch (RuntimeException e) {
                degrade(e);
                return -1;
            }
        }
        return tag | memory.generation(userId);
    }

    @Override
    public void put(String key, String json, long generation) {
        if (generation < 0 || (generation >>> EPOCH_SHIFT) != epoch.get()) {
            return;
        }
        long own = generation & ((1L << EPOCH_SHIFT) - 1);
        RedisCache r = healthy();
        if (r != null) {
            try {
                r.put(key, json, own);
                return;
            } catch (RuntimeException e) {
                degrade(e);
                return;
            }
        }
        fallbacks.incrementAndGet();
        memory.put(key, json, own);
    }

    @Override
    public long invalidateUser(String userId) {
        RedisCache r = healthy();
        if (r != null) {
            try {
                return r.invalidateUser(userId);
            } catch (RuntimeException e) {
                degrade(e);
            }
        }
        synchronized (this) {
            fallbacks.incrementAndGet();
            if (degraded) {
                remember(userId);
                return memory.invalidateUser(userId);
            }
        }
        return invalidateUser(userId); // recovered in the meantime: invalidate in Redis
    }

    @Override
    public long invalidateUsers(java.util.Collection<String> userIds) {
        RedisCache r = healthy();
        if (r != null) {
            try {
                return r.invalidateUsers(userIds);
            } catch (RuntimeException e) {
                degrade(e);
            }
        }
        long dropped = 0;
        for (String user : userIds) {
            dropped += invalidateUser(user); // one by one: remembered for Redis's return, or sent there if it is back
        }
        return dropped;
    }

    @Override
    public void clear() {
        memory.clear();
        RedisCache r = healthy();
        if (r != null) {
            try {
                r.clear();
            } catch (RuntimeException e) {
                degrade(e);
            }
        }
        if (degraded) {
            forgotSome = true; // Redis must be cleared too once it is back
        }
    }

    @Override
    public long size() {
        RedisCache r = healthy();
        if (r != null) {
            try {
                return r.size();
            } catch (RuntimeException e) {
                degrade(e);
            }
        }
        return memory.size();
    }

    @Override
    public long evictions() {
        RedisCache r = healthy();
        if (r != null) {
            try {
                return r.evictions();
            } catch (RuntimeException e) {
                degrade(e);
            }
        }
        return memory.evictions();
    }

    @Override
    public String memoryUsed() {
        RedisCache r = healthy();
        if (r != null) {
            try {
                return r.memoryUsed();
            } catch (RuntimeException e) {
                degrade(e);
            }
        }
        return null;
    }

    private RedisCache healthy() {
        return degraded ? null : redis;
    }

    private void remember(String userId) {
        if (invalidatedWhileAway.size() < MAX_REMEMBERED) {
            invalidatedWhileAway.add(userId);
        } else {
            forgotSome = true;
        }
    }

    private synchronized void degrade(Exception cause) {
        if (degraded) {
            return;
        }
        degraded = true;
        problem = "Redis unreachable: " + cause.getMessage();
        epoch.incrementAndGet();
        memory.clear(); // lists left from an earlier outage missed the invalidations made in Redis since
        log.warn("Redis cache unavailable, serving from the in-memory cache until it returns: {}", cause.toString());
    }

    private void tryRecover() {
        if (!degraded) {
            return;
        }
        RedisCache candidate = null;
        try {
            candidate = connector.get();
            replay(candidate);
            synchronized (this) {
                replay(candidate); // whatever was invalidated while the first pass ran
                RedisCache old = redis;
                redis = candidate;
                epoch.incrementAndGet();
                degraded = false;
                problem = null;
                if (old != null && old != candidate) {
                    closeQuietly(old);
                }
            }
            log.info("Redis cache is back; serving from Redis again");
        } catch (RuntimeException e) {
            if (candidate != null) {
                closeQuietly(candidate);
            }
            problem = "Redis unreachable: " + e.getMessage();
        }
    }

    private void replay(RedisCache target) {
        if (forgotSome) {
            target.clear();
            forgotSome = false;
            invalidatedWhileAway.clear();
            return;
        }
        List<String> users = new ArrayList<>(invalidatedWhileAway);
        for (String user : users) {
            target.invalidateUser(user);
            invalidatedWhileAway.remove(user);
        }
    }

    private static void closeQuietly(RedisCache cache) {
        try {
            cache.close();
        } catch (RuntimeException ignored) {
            // closing a dead connection may fail; nothing is lost
        }
    }

    @Override
    public void close() {
        java.util.concurrent.ScheduledFuture<?> p = probe;
        if (p != null) {
            p.cancel(false);
        }
        RedisCache r = redis;
        if (r != null) {
            closeQuietly(r);
        }
        memory.close();
    }
}
