package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The right to be forgotten: {@code DELETE /users/{id}} erases the user's events, profile,
 * sessions, served lists and cached lists, is idempotent, and the next model version is trained
 * without the user ({@code GET /models}: the trainer's in-memory interactions and the last run's
 * events and users drop). {@code DELETE /events/{event_id}} erases one event and rebuilds the profile.
 */
class ErasureTest {
    private static final String FORGET_ME_LIST = "/recommend?user_id=forget-me&n=3&exclude_seen=false";
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of("BRISK_TRAIN_AFTER_EVENTS", "100000",
                "BRISK_TRAIN_INTERVAL_SECONDS", "3600"));
        for (int i = 1; i <= 5; i++) {
            service.put("/items/i" + i, Map.of("title", "Item " + i, "genres", List.of("Drama"))).expect(201);
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(Map.of("user_id", "forget-me", "item_id", "i" + (i % 5 + 1), "event_type", "view",
                    "session_id", "s1", "event_id", "fm-" + i));
        }
        for (String user : List.of("keep-1", "keep-2")) {
            for (int i = 0; i < 5; i++) {
                events.add(Map.of("user_id", user, "item_id", "i" + (i + 1), "event_type", "click",
                        "event_id", user + "-" + i));
            }
        }
        service.post("/events", events).expect(200);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode models() {
        return service.get("/models").expect(200);
    }

    /** Trains popular and waits until a run has finished that satisfies the condition. */
    private static JsonNode trainUntil(Predicate<JsonNode> lastRun) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        service.post("/models/popular/train", null);
        while (true) {
            JsonNode m = models();
            if (lastRun.test(m.path("last_run"))) {
                return m;
            }
            assertThat(System.nanoTime()).as("a training run matching the condition; last: %s", m).isLessThan(deadline);
            if (m.path("models").findValues("state").stream().noneMatch(s -> s.asText().equals("training"))) {
                service.post("/models/popular/train", null);
            }
            sleep(300);
        }
    }

    @Test
    void anErasedUserIsGoneEverywhereAndFromTheNextModel() {
        JsonNode before = trainUntil(run -> run.path("events").asInt() == 20);
        assertThat(before.path("trainer").path("training_data").path("interactions").asInt()).isEqualTo(20);
        // This instance's commits reach the trainer from the ingest path (or, when the trainer's read of the
        // table came between a commit and its hand-off, from the table, counted as read back): none twice.
        JsonNode held = before.path("trainer").path("training_data");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (held.path("taken_from_ingest").asInt() + held.path("own_read_back").asInt() < 20
                && System.nanoTime() < deadline) {
            sleep(100);
            held = models().path("trainer").path("training_data");
        }
        assertThat(held.path("taken_from_ingest").asInt() + held.path("own_read_back").asInt()).isEqualTo(20);
        assertThat(held.path("read_from_table").asInt()).isEqualTo(held.path("own_read_back").asInt());
        assertThat(before.path("last_run").path("users").asInt()).isEqualTo(3);
        // A list of items the user has seen (every item is), cached and queued for the log, which
        // writes it only later while no event comes: the erasure stores it first, then erases it.
        assertThat(service.get(FORGET_ME_LIST).expect(200).path("items").size()).isEqualTo(3);

        JsonNode erased = service.delete("/users/forget-me").expect(200);
        assertThat(erased.path("erased").path("events").asInt()).isEqualTo(10);
        assertThat(erased.path("erased").path("profiles").asInt()).isEqualTo(1);
        assertThat(erased.path("erased").path("recommendation_logs").asInt()).isEqualTo(1);

        assertThat(service.get("/users/forget-me/activity").expect(200).path("events").size()).isZero();
        service.get("/users/forget-me/profile").assertError(404);
        assertThat(service.get("/users/forget-me/sessions").expect(200).path("sessions").size()).isZero();
        assertThat(service.get(FORGET_ME_LIST).expect(200).path("cached").asBoolean()).isFalse();

        JsonNode after = trainUntil(run -> run.path("events").asInt() == 10);
        assertThat(after.path("trainer").path("training_data").path("interactions").asInt()).isEqualTo(10);
        assertThat(after.path("last_run").path("users").asInt()).isEqualTo(2);

        JsonNode again = service.delete("/users/forget-me").expect(200);
        assertThat(again.path("erased").path("events").asInt()).isZero();
        assertThat(again.path("erased").path("profiles").asInt()).isZero();

        // One event: gone, the profile rebuilt from the rest, and the trainer reloads without it.
        JsonNode one = service.delete("/events/keep-1-0").expect(200);
        assertThat(one.path("user_id").asText()).isEqualTo("keep-1");
        assertThat(service.get("/users/keep-1/profile").expect(200).path("total_interactions").asInt()).isEqualTo(4);
        service.delete("/events/keep-1-0").assertError(404);
        JsonNode last = trainUntil(run -> run.path("events").asInt() == 9);
        assertThat(last.path("trainer").path("training_data").path("interactions").asInt()).isEqualTo(9);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
