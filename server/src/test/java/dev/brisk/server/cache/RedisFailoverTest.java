package dev.brisk.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.PrivateRedis;
import dev.brisk.server.support.Seed;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis going away and coming back, against a redis-server of the test's own: no request fails,
 * the service says it is degraded, it returns to Redis by itself, and lists invalidated during the
 * outage are not served from Redis afterwards.
 */
class RedisFailoverTest {
    @TempDir
    Path dir;
    private PrivateRedis redis;
    private TestService brisk;
    private HttpJson http;

    @BeforeEach
    void start() {
        redis = new PrivateRedis(dir);
        brisk = TestService.start(false, Map.of("BRISK_DB_URL", "jdbc:sqlite:" + dir.resolve("brisk.db"),
                "BRISK_REDIS_URL", redis.url(), "BRISK_REDIS_TIMEOUT_MS", "200"));
        http = new HttpJson(brisk.port());
        Seed.catalogAndEvents(http);
    }

    @AfterEach
    void stop() {
        brisk.close();
        redis.close();
    }

    @Test
    void anOutageIsServedFromMemoryAndRedisIsUsedAgainOnceBack() {
        assertThat(recommend("seed1").path("cached").asBoolean()).isFalse();
        assertThat(recommend("seed1").path("cached").asBoolean()).isTrue();
        assertThat(http.get("/cache/stats").body().path("backend").asText()).isEqualTo("redis");

        redis.kill();
        assertThat(recommend("seed1").path("items").size()).isPositive();
        assertThat(http.post("/events", "{\"user_id\":\"seed2\",\"item_id\":\"i3\",\"event_type\":\"click\"}").status())
                .isEqualTo(200);
        var stats = http.get("/cache/stats").body();
        assertThat(stats.path("backend").asText()).isEqualTo("memory");
        assertThat(stats.path("configured_backend").asText()).isEqualTo("redis");
        assertThat(stats.path("degraded").asBoolean()).isTrue();
        assertThat(stats.path("fallbacks").asLong()).isPositive();
        var ready = http.get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().path("status").asText()).isEqualTo("degraded");
        assertThat(component(ready, "cache")).isEqualTo("degraded");

        // Served from the in-memory cache meanwhile.
        recommend("seed3");
        assertThat(recommend("seed3").path("cached").asBoolean()).isTrue();

        redis.start();
        assertThat(HttpJson.eventually(5_000, () -> "redis".equals(http.get("/cache/stats").body().path("backend").asText())))
                .as("back on Redis within 5 s of its return").isTrue();
        assertThat(http.get("/cache/stats").body().path("degraded").asBoolean()).isFalse();
        assertThat(component(http.get("/ready"), "cache")).isEqualTo("up");
        assertThat(recommend("seed3").path("cached").asBoolean()).isFalse();
        assertThat(recommend("seed3").path("cached").asBoolean()).isTrue();
    }

    @Test
    void listsInvalidatedWhileRedisWasUnreachableAreNotServedFromItLater() throws Exception {
        recommend("seed4");
        assertThat(recommend("seed4").path("cached").asBoolean()).isTrue();

        // Redis keeps its data but stops answering, as behind a network partition.
        pause(3_000);
        assertThat(http.post("/events", "{\"user_id\":\"seed4\",\"item_id\":\"i9\",\"event_type\":\"view\"}").status())
                .isEqualTo(200);
        assertThat(http.get("/cache/stats").body().path("degraded").asBoolean()).isTrue();

        assertThat(HttpJson.eventually(8_000, () -> !http.get("/cache/stats").body().path("degraded").asBoolean()))
                .isTrue();
        var after = recommend("seed4");
        assertThat(after.path("cached").asBoolean()).as("the list cached before the event is gone").isFalse();
        assertThat(after.path("items").findValuesAsText("item_id")).doesNotContain("i9");
    }

    private com.fasterxml.jackson.databind.JsonNode recommend(String user) {
        var answer = http.get("/recommend?user_id=" + user + "&n=5");
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private static String component(HttpJson.Answer ready, String name) {
        for (var c : ready.body().path("components")) {
            if (c.path("component").asText().equals(name)) {
                return c.path("status").asText();
            }
        }
        return "missing";
    }

    private void pause(int millis) throws IOException {
        try (Socket s = new Socket("127.0.0.1", redis.port())) {
            s.getOutputStream().write(("CLIENT PAUSE " + millis + " ALL\r\n").getBytes());
            byte[] reply = new byte[5];
            assertThat(new String(reply, 0, s.getInputStream().read(reply))).startsWith("+OK");
        }
    }
}
