package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /cache/stats}, {@code DELETE /cache/users/{id}}, {@code DELETE /cache}: the counters
 * follow what {@code /recommend} did, and dropped lists are computed again.
 */
class CacheRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        // What these tests read is the memory cache's figures, on either database (Redis has RedisFailoverTest).
        service = TestService.start(dir, false, java.util.Map.of("BRISK_REDIS_URL", ""));
        service.putItems("c", 10);
        service.retrainPopular();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static boolean cached(String user) {
        return service.get("/recommend?user_id=" + user + "&n=3").expect(200).path("cached").asBoolean();
    }

    @Test
    void statsDescribeTheMemoryCache() {
        JsonNode stats = service.get("/cache/stats").expect(200);
        assertThat(stats.path("backend").asText()).isEqualTo("memory");
        assertThat(stats.path("configured_backend").asText()).isEqualTo("memory");
        assertThat(stats.path("degraded").asBoolean()).isFalse();
        for (String field : new String[] {"hits", "misses", "hit_rate", "puts", "size", "evictions", "invalidations",
                "errors", "fallbacks", "get_latency_micros_avg", "put_latency_micros_avg", "get_latency_micros_p99"}) {
            assertThat(stats.path(field).isNumber()).as(field + " in " + stats).isTrue();
        }
        assertThat(stats.path("errors").asLong()).isZero();
    }

    @Test
    void hitsMissesAndSizeFollowTheRequests() {
        JsonNode before = service.get("/cache/stats").expect(200);
        assertThat(cached("stats-user")).isFalse();
        assertThat(cached("stats-user")).isTrue();
        assertThat(cached("stats-user")).isTrue();
        JsonNode after = service.get("/cache/stats").expect(200);
        assertThat(after.path("misses").asLong() - before.path("misses").asLong()).isEqualTo(1);
        assertThat(after.path("hits").asLong() - before.path("hits").asLong()).isEqualTo(2);
        assertThat(after.path("puts").asLong() - before.path("puts").asLong()).isEqualTo(1);
        assertThat(after.path("size").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(after.path("hit_rate").asDouble()).isBetween(0.0, 1.0).isPositive();
    }

    @Test
    void droppingOneUserDropsOnlyThatUsersLists() {
        assertThat(cached("drop-me")).isFalse();
        service.get("/recommend?user_id=drop-me&n=5").expect(200); // a second list of the same user
        assertThat(cached("keep-me")).isFalse();
        JsonNode before = service.get("/cache/stats").expect(200);

        JsonNode dropped = service.delete("/cache/users/drop-me").expect(200);
        assertThat(dropped.path("user_id").asText()).isEqualTo("drop-me");
        assertThat(dropped.path("dropped").asLong()).isEqualTo(2);
        JsonNode after = service.get("/cache/stats").expect(200);
        assertThat(after.path("invalidations").asLong() - before.path("invalidations").asLong()).isEqualTo(2);

        assertThat(cached("drop-me")).isFalse();
        assertThat(cached("keep-me")).isTrue();
        assertThat(service.delete("/cache/users/not-cached-at-all").expect(200).path("dropped").asLong()).isZero();
    }

    @Test
    void anEventDropsTheUsersLists() {
        assertThat(cached("eventful")).isFalse();
        assertThat(cached("eventful")).isTrue();
        JsonNode before = service.get("/cache/stats").expect(200);
        service.sendEvents(event("eventful", "c1", "view", null));
        JsonNode after = service.get("/cache/stats").expect(200);
        assertThat(after.path("invalidations").asLong() - before.path("invalidations").asLong()).isEqualTo(1);
        assertThat(cached("eventful")).isFalse();
    }

    @Test
    void clearingDropsEverything() {
        assertThat(cached("clear-a")).isFalse();
        assertThat(cached("clear-b")).isFalse();
        assertThat(service.get("/cache/stats").expect(200).path("size").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode cleared = service.delete("/cache").expect(200);
        assertThat(cleared.path("cleared").asBoolean()).isTrue();
        assertThat(TestService.eventually(java.time.Duration.ofSeconds(5),
                () -> service.get("/cache/stats").expect(200).path("size").asLong() == 0)).isTrue();
        assertThat(cached("clear-a")).isFalse();
        assertThat(cached("clear-b")).isFalse();
        assertThat(cached("clear-a")).isTrue();
    }
}
