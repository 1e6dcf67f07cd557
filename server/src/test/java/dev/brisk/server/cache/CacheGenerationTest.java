package dev.brisk.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.model.ListKey;
import dev.brisk.server.support.SharedServices;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generation race of every cache backend: a list computed before an invalidation of its user
 * (generation read, then the user's event invalidates, then the put) is never stored, while a list
 * computed after it is, and another user's lists are not affected. Redis is the real one beside
 * the tests, under a key prefix of this test's own.
 */
class CacheGenerationTest {
    private static final Duration TTL = Duration.ofMinutes(5);

    static Stream<Arguments> caches() {
        Supplier<RedisCache> redis = () -> RedisCache.connect(SharedServices.REDIS_URL,
                SharedServices.freshRedisPrefix("generation"), TTL, Duration.ofSeconds(2));
        return Stream.of(
                Arguments.of("memory", (Supplier<RecommendationCache>) () -> new MemoryCache(TTL, 1_000)),
                Arguments.of("redis", (Supplier<RecommendationCache>) redis::get),
                Arguments.of("failover on redis", (Supplier<RecommendationCache>) () ->
                        new FailoverCache(redis, new MemoryCache(TTL, 1_000))),
                Arguments.of("failover on memory", (Supplier<RecommendationCache>) () -> new FailoverCache(() -> {
                    throw new IllegalStateException("Redis is down in this test");
                }, new MemoryCache(TTL, 1_000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caches")
    void aListComputedBeforeAnInvalidationIsNotStored(String name, Supplier<RecommendationCache> backend) {
        try (RecommendationCache cache = backend.get()) {
            String key = new ListKey("racer", "hybrid", 10, null, true).toString();
            String other = new ListKey("bystander", "hybrid", 10, null, true).toString();

            long before = cache.generation("racer");
            long bystander = cache.generation("bystander");
            cache.invalidateUser("racer");
            cache.put(key, "[\"stale\"]", before);
            cache.put(other, "[\"fine\"]", bystander);

            assertThat(cache.get(key)).as("%s: a list computed before the invalidation", name).isEmpty();
            assertThat(cache.get(other)).as("%s: another user's list", name).contains("[\"fine\"]");

            cache.put(key, "[\"fresh\"]", cache.generation("racer"));
            assertThat(cache.get(key)).as("%s: a list computed after the invalidation", name).contains("[\"fresh\"]");
            cache.clear();
        }
    }

    /**
     * A user's generation in Redis expires a day after the last invalidation; made again, it starts
     * from the time, above every value it took before, so that one kept by a reader is never matched
     * by a later generation of the same user.
     */
    @org.junit.jupiter.api.Test
    void aGenerationMadeAgainAfterItExpiredNeverRepeatsAnEarlierValue() {
        String prefix = SharedServices.freshRedisPrefix("generation-again");
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(SharedServices.REDIS_URL);
        try (RedisCache cache = RedisCache.connect(SharedServices.REDIS_URL, prefix, TTL, Duration.ofSeconds(2));
             var raw = client.connect()) {
            assertThat(cache.generation("u")).as("never invalidated").isZero();
            cache.invalidateUser("u");
            cache.invalidateUsers(java.util.List.of("u", "v"));
            long kept = cache.generation("u");
            long seconds = System.currentTimeMillis() / 1000;
            assertThat(kept).as("started from the time, then advanced twice")
                    .isBetween((seconds - 5) * 256 + 2, (seconds + 5) * 256 + 2);
            assertThat(cache.generation("v")).isBetween((seconds - 5) * 256 + 1, (seconds + 5) * 256 + 1);

            // A user whose generation was made a day ago and advanced 10,000 times since (the key
            // expires a day after the last of them): deleted as the expiry would, then made again.
            raw.sync().set(prefix + "rec:gen:u", Long.toString((seconds - 86_400) * 256 + 10_000));
            kept = cache.generation("u");
            raw.sync().del(prefix + "rec:gen:u");
            assertThat(cache.generation("u")).isZero();
            for (int i = 0; i < 3; i++) {
                cache.invalidateUser("u");
                assertThat(cache.generation("u")).as("invalidation %d after the expiry", i + 1).isGreaterThan(kept);
            }
            cache.clear();
        } finally {
            client.shutdown();
        }
    }
}
