package dev.brisk.server.cache;

import dev.brisk.core.model.ListKey;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shared cache in Redis (Lettuce). Lists live under their {@link ListKey} (behind an optional
 * prefix) with a TTL; each user also has a set of their keys and a generation counter. Puts and
 * invalidations are Lua scripts, so each is atomic against the other on every instance sharing
 * the Redis. Every call is bounded by the command timeout; a failure surfaces as an exception for
 * {@link FailoverCache} to act on. Opening the connection fails at once when Redis is unreachable.
 * <p>A generation counter expires a day after its last invalidation; one made again starts from the
 * time (seconds × 256), so a user's generation never takes a value it had before, and a reader who
 * kept one (the histories held in each instance) can tell any invalidation since by comparing it.
 */
public final class RedisCache implements RecommendationCache {
    private static final String PUT = """
            local g = redis.call('GET', KEYS[1]) or '0'
            if g ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
            redis.call('SADD', KEYS[3], KEYS[2])
            redis.call('EXPIRE', KEYS[3], ARGV[3])
            return 1
            """;
    /**
     * A generation made anew by the INCR (1) starts from the time instead. An index that SMEMBERS
     * finds empty does not exist (Redis removes an emptied set), so only a non-empty one is deleted.
     */
    private static final String INVALIDATE = """
            if redis.call('INCR', KEYS[1]) == 1 then
              redis.call('SET', KEYS[1], tonumber(redis.call('TIME')[1]) * 256 + 1)
            end
            redis.call('EXPIRE', KEYS[1], 86400)
            local keys = redis.call('SMEMBERS', KEYS[2])
            local n = 0
            if #keys > 0 then
              for i = 1, #keys, 500 do
                n = n + redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys)))
              end
              redis.call('DEL', KEYS[2])
            end
            return n
            """;

    /** INVALIDATE for several users at once: KEYS are (generation, index) pairs. */
    private static final String INVALIDATE_MANY = """
            local n = 0
            for u = 1, #KEYS, 2 do
              if redis.call('INCR', KEYS[u]) == 1 then
                redis.call('SET', KEYS[u], tonumber(redis.call('TIME')[1]) * 256 + 1)
              end
              redis.call('EXPIRE', KEYS[u], 86400)
              local keys = redis.call('SMEMBERS', KEYS[u + 1])
              if #keys > 0 then
                for i = 1, #keys, 500 do
                  n = n + redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys)))
                end
                redis.call('DEL', KEYS[u + 1])
              end
            end
            return n
            """;
    private static final int USERS_PER_SCRIPT = 500;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final long ttlSeconds;
    private volatile long sizeReadAt;
    private volatile long size;

    private RedisCache(RedisClient client, StatefulRedisConnection<String, String> connection, String prefix,
                       long ttlSeconds) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.prefix = prefix;
        this.ttlSeconds = ttlSeconds;
    }

    /** Connects now; throws when Redis does not answer within the timeout. */
    public static RedisCache connect(String url, String prefix, Duration ttl, Duration timeout) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false) // FailoverCache reconnects itself, on its own schedule
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            RedisCache cache = new RedisCache(client, connection, prefix, ttl.toSeconds());
            cache.ping();
            return cache;
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    public void ping() {
        redis.ping();
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public String backend() {
        return "redis";
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(redis.get(prefix + key));
    }

    @Override
    public long generation(String userId) {
        String g = redis.get(generationKey(userId));
        return g == null ? 0 : Long.parseLong(g);
    }

    @Override
    public void put(String key, String json, long generation) {
        String user = ListKey.userOf(key);
        if (user == null) {
            redis.setex(prefix + key, ttlSeconds, json);
            return;
        }
        redis.eval(PUT, ScriptOutputType.INTEGER, new String[] {generationKey(user), prefix + key, indexKey(user)},
                Long.toString(generation), json, Long.toString(ttlSeconds));
    }

    @Override
    public long invalidateUser(String userId) {
        Long dropped = redis.eval(INVALIDATE, ScriptOutputType.INTEGER,
                new String[] {generationKey(userId), indexKey(userId)});
        return dropped == null ? 0 : dropped;
    }

    @Override
    public long invalidateUsers(java.util.Collection<String> userIds) {
        long dropped = 0;
        java.util.List<String> keys = new java.util.ArrayList<>(Math.min(userIds.size(), USERS_PER_SCRIPT) * 2);
        for (String user : userIds) {
            keys.add(generationKey(user));
            keys.add(indexKey(user));
            if (keys.size() == USERS_PER_SCRIPT * 2) {
                dropped += invalidateAll(keys);
                keys.clear();
            }
        }
        return keys.isEmpty() ? dropped : dropped + invalidateAll(keys);
    }

    private long invalidateAll(java.util.List<String> keys) {
        Long dropped = redis.eval(INVALIDATE_MANY, ScriptOutputType.INTEGER, keys.toArray(String[]::new));
        return dropped == null ? 0 : dropped;
    }

    @Override
    public void clear() {
        forEachKey(prefix + "rec:user:*", keys -> redis.del(keys.toArray(String[]::new)));
        forEachKey(prefix + "rec:keys:*", keys -> redis.del(keys.toArray(String[]::new)));
        sizeReadAt = 0;
    }

    /** Counts the lists under this prefix, re-counted at most every five seconds (a SCAN). */
    @Override
    public long size() {
        long now = System.currentTimeMillis();
        if (now - sizeReadAt > 5_000) {
            long[] n = {0};
            forEachKey(prefix + "rec:user:*", keys -> n[0] += keys.size());
            size = n[0];
            sizeReadAt = now;
        }
        return size;
    }

    @Override
    public long evictions() {
        String evicted = info("stats", "evicted_keys");
        return evicted == null ? 0 : Long.parseLong(evicted);
    }

    @Override
    public String memoryUsed() {
        return info("memory", "used_memory_human");
    }

    /** One field of a section of Redis's INFO; null when Redis does not report it. */
    private String info(String section, String field) {
        String prefix = field + ":";
        for (String line : redis.info(section).split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    private void forEachKey(String pattern, java.util.function.Consumer<List<String>> batch) {
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            if (!page.getKeys().isEmpty()) {
                batch.accept(page.getKeys());
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private String generationKey(String userId) {
        return prefix + "rec:gen:" + userId;
    }

    private String indexKey(String userId) {
        return prefix + "rec:keys:" + userId;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
