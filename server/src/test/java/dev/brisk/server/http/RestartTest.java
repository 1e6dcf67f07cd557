package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static dev.brisk.server.TestService.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the service and starting a new one on the same database loses nothing: every event,
 * every profile figure, every item, and event ids stay known (a retry after the restart is still
 * a duplicate).
 */
class RestartTest {
    @TempDir
    static Path dir;
    static TestService service;

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void everythingSurvivesARestart() {
        // The service trains every model once after it starts. Waiting for that run (on no events)
        // keeps it from reading the events below when it starts late: the models stored before the
        // restart are then those trained when nothing was stored, as the end of this test expects.
        service.awaitModelsReady(0);
        service.putItems("r", 6);
        List<Map<String, Object>> events = new ArrayList<>();
        String[] types = {"view", "click", "purchase", "add_to_cart", "like", "dislike", "impression"};
        for (int i = 0; i < types.length; i++) {
            events.add(with(event("survivor", "r" + (1 + i % 6), types[i], T0.plus(i, ChronoUnit.MINUTES)),
                    "event_id", "keep-" + i));
        }
        events.add(with(with(event("survivor", "r2", "rating", T0.plus(50, ChronoUnit.MINUTES)), "rating", 3.5),
                "event_id", "keep-rating"));
        events.add(with(event("second", "r1", "view", T0), "event_id", "keep-second"));
        service.sendEvents(events.subList(0, 4));
        service.sendEvents(events.subList(4, events.size()));

        JsonNode activityBefore = service.get("/users/survivor/activity").expect(200);
        JsonNode profileBefore = service.get("/users/survivor/profile").expect(200);
        JsonNode sessionsBefore = service.get("/users/survivor/sessions").expect(200);
        JsonNode itemBefore = service.get("/items/r3").expect(200);
        assertThat(activityBefore.path("events").size()).isEqualTo(8);

        String popularBefore = service.get("/models").expect(200).path("models").get(0).path("version").asText();
        service.restart();
        assertThat(service.get("/health").expect(200).path("status").asText()).isEqualTo("healthy");

        JsonNode activityAfter = service.get("/users/survivor/activity").expect(200);
        assertThat(activityAfter).isEqualTo(activityBefore);
        assertThat(service.get("/users/survivor/profile").expect(200)).isEqualTo(profileBefore);
        assertThat(service.get("/users/survivor/sessions").expect(200)).isEqualTo(sessionsBefore);
        assertThat(service.get("/items/r3").expect(200)).isEqualTo(itemBefore);
        assertThat(service.storedEvents("second")).isEqualTo(1);

        JsonNode profile = service.get("/users/survivor/profile").expect(200);
        assertThat(profile.path("total_interactions").asLong()).isEqualTo(8);
        assertThat(profile.path("counts").path("impression").asLong()).isEqualTo(1);
        assertThat(profile.path("avg_rating").asDouble()).isEqualTo(3.5);
        assertThat(Instant.parse(profile.path("last_interaction").asText())).isEqualTo(T0.plus(50, ChronoUnit.MINUTES));

        JsonNode retry = service.sendEvents(events);
        assertThat(retry.path("accepted").asInt()).isZero();
        assertThat(retry.path("duplicates").asInt()).isEqualTo(events.size());
        assertThat(service.storedEvents("survivor")).isEqualTo(8);

        // The restarted service serves the version it stored before (trained when nothing was stored
        // yet) rather than training at start, and its trainer reads the stored events to learn from.
        JsonNode models = service.get("/models").expect(200);
        assertThat(models.path("models").get(0).path("version").asText()).isEqualTo(popularBefore);
        assertThat(models.path("last_run").isEmpty()).as("no training run at start").isTrue();
        assertThat(TestService.eventually(java.time.Duration.ofSeconds(10), () -> service.get("/models").expect(200)
                .path("trainer").path("training_data").path("interactions").asLong() == 9))
                .as("the trainer read the 9 stored events: %s", service.get("/models").text()).isTrue();
        assertThat(service.get("/models").expect(200).path("events_since_training").asLong())
                .as("all of them newer than the stored models").isEqualTo(9);
    }
}
