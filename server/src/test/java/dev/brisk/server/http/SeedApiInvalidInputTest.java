package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to each call of the replaced system's API: a 4xx in Brisk's error shape that says what
 * is wrong, and nothing stored or changed.
 */
class SeedApiInvalidInputTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        service.putItems("m", 3);
        service.sendEvents(List.of(Map.of("user_id", 1, "item_id", "m1", "event_type", "view")));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void events() {
        List<String> bad = List.of(
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"rate\"}",
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"view\", \"rating\": 4}",
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"rate\", \"rating\": 7}",
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"watch\"}",
                "{\"user_id\": 10.5, \"item_id\": 5, \"event_type\": \"view\"}",
                "{\"item_id\": 5, \"event_type\": \"view\"}",
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"view\", \"timestamp\": \"yesterday\"}",
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"view\", \"timestamp\": \"2024-05-01 12:00:00\"}",
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"view\", \"metadata\": \"page=home\"}",
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"view\", \"metadata\": [1, 2]}",
                "{\"user_id\": 1001, \"item_id\": 5, \"event_type\": \"view\", \"colour\": \"red\"}");
        for (String body : bad) {
            Response r = service.post("/events", body).assertError(400);
            assertThat(r.error().path("code").asText()).as(body).isEqualTo("invalid_input");
        }
        service.post("/events", "{\"user_id\": 1001,").assertError(400);
        service.sendRaw("POST", "/events", "{\"user_id\": 1001}", null).assertError(415);
        assertThat(service.get("/users/1001/activity").expect(200).path("total_events").asInt()).isZero();
    }

    @Test
    void recommend() {
        List<String> bad = List.of("{}", "{\"user_id\": 1.5}", "{\"user_id\": \"\"}",
                "{\"user_id\": 1, \"n_recommendations\": 0}", "{\"user_id\": 1, \"n_recommendations\": 101}",
                "{\"user_id\": 1, \"n_recommendations\": \"ten\"}", "{\"user_id\": 1, \"n_recommendations\": 2.5}",
                "{\"user_id\": 1, \"model_type\": \"svd\"}", "{\"user_id\": 1, \"model_type\": 3}",
                "{\"user_id\": 1, \"exclude_seen\": \"yes\"}", "{\"user_id\": 1, \"filters\": {}}");
        for (String body : bad) {
            Response r = service.post("/recommend", body).assertError(400);
            assertThat(r.error().path("message").asText()).as(body).isNotBlank();
        }
        Response several = service.post("/recommend", "{\"n_recommendations\": 0, \"model_type\": \"svd\"}").assertError(400);
        assertThat(several.error().path("details").path("problems").findValuesAsText("field"))
                .containsExactlyInAnyOrder("user_id", "n_recommendations", "model_type");
        assertThat(service.post("/recommend", "{\"user_id\": 1, \"model_type\": \"svd\"}").error().path("message").asText())
                .contains("popularity").contains("collaborative").contains("content_based").contains("hybrid");
        service.post("/recommend", "[1]").assertError(400);
        service.post("/recommend", "{\"user_id\": 1").assertError(400);
        service.post("/recommend", "").assertError(400);
        service.sendRaw("POST", "/recommend", "{\"user_id\": 1}", "text/plain").assertError(415);
        service.sendRaw("POST", "/recommend", null, null).assertError(415);
        service.post("/recommend?n=5", "{\"user_id\": 1}").assertError(400);
        assertThat(service.get("/cache/stats").expect(200).path("puts").asLong()).as("no list was made").isZero();
    }

    @Test
    void activityAndProfile() {
        service.get("/users/1/activity?limit=0").assertError(400);
        service.get("/users/1/activity?limit=abc").assertError(400);
        service.get("/users/1/activity?offset=3").assertError(400);
        service.get("/items/m1/activity?limit=1001").assertError(400);
        service.get("/items/m1/activity?limit=x").assertError(400);
        service.get("/items/" + "x".repeat(129) + "/activity").assertError(400);
        service.get("/users/nobody/profile").assertError(404);
        JsonNode unknownItem = service.get("/items/no-such-item/activity").expect(200);
        assertThat(unknownItem.path("recent_events").size()).isZero();
        assertThat(unknownItem.path("total_events").asInt()).isZero();
    }

    @Test
    void cache() {
        service.get("/cache/stats?verbose=1").assertError(400);
        service.sendRaw("POST", "/cache/invalidate/" + "x".repeat(129), null, null).assertError(400);
        service.sendRaw("POST", "/cache/invalidate/1?all=true", null, null).assertError(400);
        service.get("/cache/invalidate/1").assertError(405);
    }

    @Test
    void metrics() {
        service.get("/metrics/realtime?window=1h").assertError(400);
        service.get("/metrics?format=json").assertError(400);
        service.get("/health?verbose=1").assertError(400);
    }

    @Test
    void movies() {
        service.get("/movies/no-such-movie").assertError(404);
        service.get("/movies/no-such-movie/similar").assertError(404);
        service.get("/movies/m1/similar?n_similar=0").assertError(400);
        service.get("/movies/m1/similar?n_similar=101").assertError(400);
        service.get("/movies/m1/similar?n=5").assertError(400);
    }

    @Test
    void compareModelsAndExplain() {
        service.sendRaw("POST", "/compare-models", null, null).assertError(400);
        service.sendRaw("POST", "/compare-models?user_id=1&n_recommendations=0", null, null).assertError(400);
        service.sendRaw("POST", "/compare-models?user_id=1&n_recommendations=many", null, null).assertError(400);
        service.sendRaw("POST", "/compare-models?user_id=1&model_type=svd", null, null).assertError(400);
        service.get("/users/1/explain?model_type=svd").assertError(400);
        service.get("/users/1/explain?n=3").assertError(400);
    }

    @Test
    void experimentsAndLearning() {
        service.get("/experiments?status=running").assertError(400);
        service.get("/experiments/homepage").assertError(404);
        service.get("/users/1/experiment-group").assertError(400);
        service.get("/users/1/experiment-group?experiment_id=").assertError(400);
        service.get("/learning/stats?model=als").assertError(400);
        // Let the start-up training finish first, so that only a started run could change the count: its
        // models are served before the run stores them and counts itself, so wait for its end too.
        service.awaitModelsReady(0);
        assertThat(TestService.eventually(java.time.Duration.ofSeconds(60), () -> {
            for (JsonNode m : service.get("/models").expect(200).path("models")) {
                if (m.has("progress")) {
                    return false;
                }
            }
            return true;
        })).as("no training run in progress").isTrue();
        long runs = service.get("/learning/stats").expect(200).path("online_learning").path("updates_done").asLong();
        service.sendRaw("POST", "/learning/trigger-update?model=als", null, null).assertError(400);
        service.get("/learning/trigger-update").assertError(405);
        assertThat(service.get("/learning/stats").expect(200).path("online_learning").path("updates_done").asLong())
                .as("no run was started").isEqualTo(runs);
    }
}
