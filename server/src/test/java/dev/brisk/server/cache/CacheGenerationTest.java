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
}
