package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating figures: {@code /metrics/realtime}, {@code /metrics} (Prometheus text),
 * {@code /metrics/history}, {@code /health} and {@code /ready}. Snapshots are taken every second
 * here so that the history fills quickly.
 */
class MetricsRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of("BRISK_METRICS_SNAPSHOT_SECONDS", "1"));
        service.putItems("m", 5);
        service.retrainPopular();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void realtimeShowsRatesTotalsCacheLatencyFreshnessModelsAndComponents() {
        JsonNode before = service.get("/metrics/realtime").expect(200);
        service.sendEvents(List.of(
                event("rt-user", "m1", "view", null),
                event("rt-user", "m2", "view", null),
                event("rt-user", "m3", "click", null)));
        service.get("/recommend?user_id=rt-user").expect(200);

        JsonNode r = service.get("/metrics/realtime").expect(200);
        assertThat(Instant.parse(r.path("timestamp").asText())).isNotNull();
        assertThat(r.path("uptime_seconds").isNumber()).isTrue();

        JsonNode events = r.path("events");
        assertThat(events.path("total").asLong() - before.path("events").path("total").asLong()).isEqualTo(3);
        assertThat(events.path("by_type").path("view").path("total").asLong()
                - before.path("events").path("by_type").path("view").path("total").asLong()).isEqualTo(2);
        assertThat(events.path("by_type").path("click").path("total").asLong()
                - before.path("events").path("by_type").path("click").path("total").asLong()).isEqualTo(1);
        assertThat(events.path("per_second_1m").asDouble()).isPositive();
        assertThat(events.path("per_second_5m").asDouble()).isPositive();
        assertThat(events.path("by_type").path("view").path("per_second_1m").asDouble()).isPositive();
        assertThat(events.path("by_type").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("view", "click", "rating", "purchase", "add_to_cart", "like", "dislike",
                        "impression");
        assertThat(events.path("last_60_seconds").isArray()).isTrue();
        assertThat(events.path("duplicates").isNumber()).isTrue();
        assertThat(events.path("rejected").isNumber()).isTrue();

        JsonNode totals = r.path("totals");
        for (String name : List.of("events", "users", "items")) {
            assertThat(totals.path(name).isNumber()).as(name + " in " + totals).isTrue();
        }

        // The suite's PostgreSQL run pairs the service with Redis; the SQLite run caches in memory.
        assertThat(r.path("cache").path("backend").asText()).isEqualTo(TestService.onPostgres() ? "redis" : "memory");
        assertThat(r.path("cache").path("hit_rate").isNumber()).isTrue();

        JsonNode latency = r.path("recommend_latency");
        assertThat(latency.path("count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(latency.has("p50")).isTrue();
        assertThat(latency.has("p95")).isTrue();
        assertThat(latency.has("p99")).isTrue();
        JsonNode freshness = r.path("freshness");
        assertThat(freshness.path("count").asLong()).as("event → next list measured").isGreaterThanOrEqualTo(1);
        assertThat(freshness.has("p50")).isTrue();
        assertThat(freshness.has("p99")).isTrue();

        assertThat(r.path("models").isArray()).isTrue();
        assertThat(r.path("models").get(0).path("type").asText()).isEqualTo("popular");
        assertThat(r.path("status").asText()).isEqualTo("up");
        assertThat(componentStates(r.path("components")))
                .containsEntry("database", "up").containsEntry("cache", "up")
                .containsEntry("models", "up").containsEntry("ingest", "up");
    }

    @Test
    void rejectedAndDuplicateEventsAreCounted() {
        JsonNode before = service.get("/metrics/realtime").expect(200).path("events");
        service.post("/events", List.of(event("counted", "m1", "view", null), Map.of("user_id", "counted")))
                .expect(200);
        Map<String, Object> once = new HashMap<>(event("counted", "m2", "view", null));
        once.put("event_id", "counted-1");
        service.sendEvents(once);
        service.sendEvents(once);
        JsonNode after = service.get("/metrics/realtime").expect(200).path("events");
        assertThat(after.path("rejected").asLong() - before.path("rejected").asLong()).isEqualTo(1);
        assertThat(after.path("duplicates").asLong() - before.path("duplicates").asLong()).isEqualTo(1);
        assertThat(after.path("total").asLong() - before.path("total").asLong()).isEqualTo(2);
    }

    @Test
    void prometheusTextHasBriskMetrics() {
        service.sendEvents(event("prom-user", "m1", "purchase", null));
        service.get("/recommend?user_id=prom-user").expect(200);
        Response r = service.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.text())
                .contains("# TYPE brisk_events_accepted_total counter")
                .containsPattern("brisk_events_accepted_total\\{type=\"purchase\"} [1-9]")
                .contains("brisk_recommend_latency_seconds")
                .contains("brisk_cache_requests_total")
                .contains("brisk_events_rejected_total")
                .contains("brisk_ingest_commit_seconds");
    }

    @Test
    void historyHoldsPeriodicSnapshots() {
        boolean filled = TestService.eventually(Duration.ofSeconds(15), () ->
                service.get("/metrics/history?name=events_accepted_total").expect(200).path("points").size() >= 2);
        assertThat(filled).as("two snapshots within 15 s").isTrue();
        JsonNode body = service.get("/metrics/history?name=events_accepted_total&window=1h").expect(200);
        assertThat(body.path("name").asText()).isEqualTo("events_accepted_total");
        JsonNode point = body.path("points").get(0);
        assertThat(java.time.Instant.parse(point.path("timestamp").asText())).isBefore(java.time.Instant.now().plusSeconds(1));
        assertThat(point.path("value").isNumber()).isTrue();
        assertThat(point.path("source").asText()).isNotBlank();
        assertThat(service.get("/metrics/history?name=total_items").expect(200).path("points").size()).isPositive();
        service.get("/metrics/history?name=no_such_metric").assertError(400);
    }

    @Test
    void healthSaysAlive() {
        JsonNode body = service.get("/health").expect(200);
        assertThat(body.path("status").asText()).isEqualTo("healthy");
        assertThat(body.path("uptime_seconds").isNumber()).isTrue();
    }

    @Test
    void readyListsEveryComponent() {
        Response r = service.get("/ready");
        JsonNode body = r.expect(200);
        assertThat(body.path("status").asText()).isEqualTo("up");
        Map<String, String> states = componentStates(body.path("components"));
        assertThat(states).containsOnlyKeys("database", "cache", "models", "change_feed", "ingest");
        assertThat(states.values()).containsOnly("up");
        for (JsonNode c : body.path("components")) {
            assertThat(c.path("message").asText()).isNotBlank();
            assertThat(c.path("details").isObject()).isTrue();
        }
    }

    private static Map<String, String> componentStates(JsonNode components) {
        Map<String, String> out = new HashMap<>();
        components.forEach(c -> out.put(c.path("component").asText(), c.path("status").asText()));
        return out;
    }
}
