package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /models} and {@code POST /models/{type}/train}: training runs in the background,
 * answers 202 at once, and {@code /models} shows a newer version trained on the new data.
 */
class ModelRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode popular() {
        JsonNode body = service.get("/models").expect(200);
        for (JsonNode m : body.path("models")) {
            if (m.path("type").asText().equals("popular")) {
                return m;
            }
        }
        throw new AssertionError("no popular model in " + body);
    }

    @Test
    void modelsShowsTheTrainedDefaultModel() {
        JsonNode body = service.get("/models").expect(200);
        assertThat(body.path("default").asText()).isEqualTo("hybrid");
        // A run the other tests (or the service's own schedule) started may be going on: between runs it is ready.
        assertThat(TestService.eventually(Duration.ofSeconds(30), () -> "ready".equals(popular().path("state").asText())))
                .as("popular ready between runs within 30 s: %s", service.get("/models").text()).isTrue();
        JsonNode m = popular();
        assertThat(m.path("default").asBoolean()).isFalse();
        assertThat(m.path("state").asText()).isIn("ready", "training");
        assertThat(m.path("version").asText()).isNotBlank();
        assertThat(Instant.parse(m.path("trained_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(m.path("training_ms").isNumber()).isTrue();
        assertThat(m.path("users").isNumber()).isTrue();
        assertThat(m.path("items").isNumber()).isTrue();
        assertThat(m.path("interactions").isNumber()).isTrue();
        assertThat(m.path("parameters").isObject()).isTrue();
    }

    @Test
    void trainingStartsInTheBackgroundAndPublishesANewerVersion() {
        service.putItems("t", 8);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event("trainee-" + i, "t" + (1 + i % 3), "click", null));
        }
        service.sendEvents(events);
        JsonNode before = popular();
        Instant trainedBefore = Instant.parse(before.path("trained_at").asText());

        JsonNode answer = service.post("/models/popular/train", "").expect(202);
        assertThat(answer.path("type").asText()).isEqualTo("popular");
        assertThat(answer.has("started")).isTrue();
        assertThat(answer.path("message").asText()).isNotBlank();

        boolean newer = TestService.eventually(Duration.ofSeconds(20), () -> {
            JsonNode now = popular();
            return now.hasNonNull("trained_at") && "ready".equals(now.path("state").asText())
                    && Instant.parse(now.path("trained_at").asText()).isAfter(trainedBefore);
        });
        assertThat(newer).as("a newer version within 20 s: %s", service.get("/models").text()).isTrue();
        JsonNode after = popular();
        assertThat(after.path("version").asText()).isNotEqualTo(before.path("version").asText());
        assertThat(after.path("interactions").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(after.path("users").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(after.path("items").asLong()).isGreaterThanOrEqualTo(8);

        JsonNode list = service.get("/recommend?user_id=model-watcher&n=3").expect(200);
        assertThat(list.path("model_version").asText()).isEqualTo(after.path("version").asText());
        assertThat(list.path("items").get(0).path("item_id").asText()).isIn("t1", "t2", "t3");
    }

    @Test
    void trainingAnUnknownModelIs404() {
        service.post("/models/teleporter/train", "").assertError(404);
    }

    @Test
    void theHistoryKeepsEveryStoredRunNewestFirst() {
        String retrained = service.retrainPopular();
        String again = service.retrainPopular();
        // A model serves a moment before its run is stored: wait for the stored run.
        assertThat(TestService.eventually(Duration.ofSeconds(10), () -> service.get("/models/history").expect(200)
                .path("runs").toString().contains(again))).as("the run of version %s stored", again).isTrue();
        JsonNode runs = service.get("/models/history").expect(200).path("runs");
        List<String> versions = new ArrayList<>();
        Instant previous = Instant.MAX;
        for (JsonNode run : runs) {
            versions.add(run.path("version").asText());
            Instant finished = Instant.parse(run.path("finished_at").asText());
            assertThat(finished).as("newest first").isBeforeOrEqualTo(previous);
            previous = finished;
            assertThat(run.path("models").isArray()).isTrue();
            assertThat(run.path("training_ms").isIntegralNumber()).isTrue();
            assertThat(run.path("interactions").isIntegralNumber()).isTrue();
            assertThat(run.path("users").isIntegralNumber()).isTrue();
            assertThat(run.path("items").isIntegralNumber()).isTrue();
            assertThat(run.path("trained_by").asText())
                    .isEqualTo(service.get("/models").expect(200).at("/trainer/this_instance").asText());
        }
        // Runs on a schedule may come between; the two asked for are there, the later one first.
        assertThat(versions).contains(retrained, again);
        assertThat(versions.indexOf(again)).isLessThan(versions.indexOf(retrained));
        assertThat(runs.get(versions.indexOf(again)).path("models").toString()).contains("popular");
        assertThat(service.get("/models/history?limit=1").expect(200).path("runs").size()).isEqualTo(1);
        service.get("/models/history?limit=0").assertError(400);
        service.get("/models/history?limit=lots").assertError(400);
    }
}
