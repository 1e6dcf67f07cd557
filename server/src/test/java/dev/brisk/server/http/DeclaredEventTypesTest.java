package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event types an operator declares ({@code BRISK_EVENT_TYPES}) are accepted, stored, shown and
 * counted like the built-in ones and weigh what {@code BRISK_EVENT_WEIGHTS} says; an undeclared
 * type is refused; events of a type taken out of the configuration later stop nothing.
 */
class DeclaredEventTypesTest {
    private static final Map<String, String> STAR = Map.of("BRISK_EVENT_TYPES", "star", "BRISK_EVENT_WEIGHTS", "star:6");

    @TempDir
    Path dir;

    /** Three users view d1, one stars d2: with a star weighing 6 views, d2 is the more popular. */
    private static void viewsAndAStar(TestService service) {
        service.putItems("d", 3);
        service.sendEvents(List.of(event("v1", "d1", "view", null), event("v2", "d1", "view", null),
                event("v3", "d1", "view", null), event("fan", "d2", "star", null)));
    }

    private static List<String> popularFor(TestService service, String user) {
        return service.get("/recommend?user_id=" + user + "&model=popular&n=3").expect(200).path("items")
                .findValuesAsText("item_id");
    }

    private static JsonNode popularModel(TestService service) {
        for (JsonNode m : service.get("/models").expect(200).path("models")) {
            if (m.path("type").asText().equals("popular")) {
                return m;
            }
        }
        throw new AssertionError("no popular model in /models");
    }

    @Test
    void aDeclaredTypeIsStoredShownCountedAndWeighed() {
        try (TestService service = TestService.start(dir, false, STAR)) {
            viewsAndAStar(service);
            assertThat(service.storedEvents("fan")).isEqualTo(1);
            assertThat(service.get("/users/fan/activity").expect(200).path("events").get(0).path("event_type").asText())
                    .isEqualTo("star");
            assertThat(service.get("/users/fan/activity?event_type=STAR").expect(200).path("count").asInt()).isEqualTo(1);
            assertThat(service.get("/users/fan/profile").expect(200).path("counts").path("star").asLong()).isEqualTo(1);
            JsonNode realtime = service.get("/metrics/realtime").expect(200);
            assertThat(realtime.path("events").path("by_type").path("star").path("total").asLong()).isEqualTo(1);
            assertThat(realtime.path("event_metrics").path("star_count").asLong()).isEqualTo(1);
            assertThat(realtime.path("event_metrics").path("star_last_hour").asLong()).isEqualTo(1);

            service.retrainPopular();
            assertThat(popularFor(service, "newcomer")).startsWith("d2", "d1");
            assertThat(popularModel(service).toString()).contains("\"star\":6.0");
            assertThat(popularFor(service, "fan")).as("a starred item counts as seen").doesNotContain("d2");

            JsonNode refused = service.post("/events", event("fan", "d3", "share", null)).assertError(400).error();
            assertThat(refused.toString()).contains("unknown type 'share'").contains("impression, star");
            assertThat(service.get("/users/fan/activity?event_type=share").assertError(400).error().toString())
                    .contains("star");
            assertThat(service.storedEvents("fan")).isEqualTo(1);
        }
    }

    @Test
    void withoutConfigurationAnUnknownTypeGetsA400AndNothingIsStored() {
        try (TestService service = TestService.start(dir)) {
            JsonNode refused = service.post("/events", event("u", "i1", "share", null)).assertError(400).error();
            assertThat(refused.toString()).contains("unknown type 'share'").contains("view, click, rating");
            assertThat(service.storedEvents("u")).isZero();
        }
    }

    @Test
    void eventsOfATypeNoLongerDeclaredAreKeptShownAndNotTrainedOn() {
        String schema = TestService.onPostgres() ? SharedServices.freshSchema("types") : null;
        Map<String, String> database = schema == null
                ? Map.of("BRISK_DB_URL", "jdbc:sqlite:" + dir.resolve("brisk.db"))
                : Map.of("BRISK_DB_URL", SharedServices.POSTGRES_URL, "BRISK_DB_USER", SharedServices.POSTGRES_USER,
                        "BRISK_DB_SCHEMA", schema);
        try {
            Map<String, String> withStar = new HashMap<>(database);
            withStar.putAll(STAR);
            try (TestService before = TestService.start(false, withStar)) {
                viewsAndAStar(before);
                before.retrainPopular();
                assertThat(popularFor(before, "newcomer")).startsWith("d2");
            }
            try (TestService after = TestService.start(false, database)) {
                assertThat(after.get("/health").expect(200).path("status").asText()).isEqualTo("healthy");
                assertThat(after.get("/users/fan/activity").expect(200).path("events").get(0).path("event_type").asText())
                        .as("kept and shown under its name").isEqualTo("star");
                after.retrainPopular();
                assertThat(popularFor(after, "newcomer")).as("the star weighs nothing now").startsWith("d1");
                assertThat(popularModel(after).toString()).contains("\"view\"").doesNotContain("\"star\"");
                after.post("/events", event("fan", "d3", "star", null)).assertError(400);
            }
        } finally {
            if (schema != null) {
                SharedServices.dropSchema(schema);
            }
        }
    }
}
