package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.catalog.Attributes;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users as entities: {@code PUT /users/{id}} (labels, typed properties), {@code GET /users/{id}}
 * (the entity and a profile summary), {@code GET /users/{id}/similar} (ALS factors), and the
 * erasure of a user taking the entity along.
 * <p>Two groups of users with disjoint tastes share one item, so that each group's users are
 * candidates for the other's: the users most like one of group A must be of group A.
 */
class UserEntityRoutesTest {
    private static final int GROUP = 8;
    private static final int ITEMS = 10;

    @TempDir
    static Path dir;
    static TestService service;
    static int interactions;

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of("BRISK_TRAIN_AFTER_EVENTS", "1",
                "BRISK_TRAIN_MIN_INTERVAL_SECONDS", "0"));
        List<Map<String, Object>> events = new ArrayList<>();
        for (String group : List.of("a", "b")) {
            for (int u = 0; u < GROUP; u++) {
                for (int i = 0; i < ITEMS; i++) {
                    if ((i + u) % 5 != 0) {
                        events.add(event(group + u, group + "-item-" + i, "purchase", null));
                    }
                }
                events.add(event(group + u, "shared-item", "click", null));
            }
        }
        interactions = events.size();
        service.sendEvents(events);
        service.awaitModelsReady(interactions);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void putCreatesThenReplacesAndGetReadsTheUserWithTheProfile() {
        JsonNode created = service.put("/users/a1", Map.of("labels", List.of("premium", "early adopter"),
                "properties", Map.of("age", 34, "country", "NL", "score", 0.75, "newsletter", true))).expect(201);
        assertThat(created.path("user_id").asText()).isEqualTo("a1");
        assertThat(created.path("labels").toString()).isEqualTo("[\"premium\",\"early adopter\"]");
        assertThat(created.path("properties").path("age").isIntegralNumber()).isTrue();
        assertThat(created.path("properties").path("score").asDouble()).isEqualTo(0.75);
        assertThat(created.path("properties").path("newsletter").isBoolean()).isTrue();
        assertThat(created.path("profile").path("total_interactions").asLong()).isEqualTo(ITEMS - 2 + 1);
        assertThat(created.path("profile").path("session_count").asInt()).isPositive();
        assertThat(service.get("/users/a1").expect(200)).isEqualTo(created);

        JsonNode replaced = service.put("/users/a1", Map.of("user_id", "a1", "labels", List.of("churned"))).expect(200);
        assertThat(replaced.path("labels").toString()).isEqualTo("[\"churned\"]");
        assertThat(replaced.path("properties").size()).as("a PUT replaces the whole user").isZero();
        assertThat(replaced.path("created_at")).isEqualTo(created.path("created_at"));
        assertThat(Instant.parse(replaced.path("updated_at").asText()))
                .isAfterOrEqualTo(Instant.parse(created.path("updated_at").asText()));
    }

    @Test
    void aUserKnownOnlyFromEventsOrOnlyFromPutIsFoundAndNeitherIs404() {
        JsonNode fromEvents = service.get("/users/b2").expect(200);
        assertThat(fromEvents.path("labels").size()).isZero();
        assertThat(fromEvents.path("created_at").isNull()).isTrue();
        assertThat(fromEvents.path("profile").path("total_interactions").asLong()).isPositive();

        service.put("/users/no-events-yet", "{}").expect(201);
        JsonNode fromPut = service.get("/users/no-events-yet").expect(200);
        assertThat(fromPut.path("profile").isNull()).isTrue();
        assertThat(service.get("/users/no-events-yet/similar").expect(200).path("users").size()).isZero();

        service.get("/users/nobody-at-all").assertError(404);
        service.get("/users/nobody-at-all/similar").assertError(404);
    }

    @Test
    void badUsersAreRefusedAndNothingIsStored() {
        String tooMany = TestService.json(Collections.nCopies(Attributes.MAX_LABELS + 1, "x"));
        for (String body : List.of(
                "{\"labels\":" + tooMany + "}",
                "{\"labels\":[\"" + "y".repeat(Attributes.MAX_LABEL_LENGTH + 1) + "\"]}",
                "{\"labels\":\"premium\"}",
                "{\"properties\":{\"age\":[34]}}",
                "{\"properties\":\"none\"}",
                "{\"user_id\":\"someone-else\"}",
                "{\"colour\":\"red\"}",
                "[]",
                "not json")) {
            service.put("/users/refused-user", body).assertError(400);
        }
        service.send("PUT", "/users/refused-user", "{}", "text/plain").assertError(415);
        service.get("/users/refused-user").assertError(404);
    }

    @Test
    void similarUsersShareTheTasteAndComeFromTheServedAlsModel() {
        String before = service.modelVersion("als");
        JsonNode similar = service.get("/users/a0/similar?n=3").expect(200);
        String after = service.modelVersion("als");
        assertThat(similar.path("user_id").asText()).isEqualTo("a0");
        assertThat(similar.path("model").asText()).isEqualTo("als");
        assertThat(similar.path("model_version").asText()).as("the version served meanwhile").isIn(before, after);
        JsonNode users = similar.path("users");
        assertThat(users.size()).isEqualTo(3);
        double previous = Double.MAX_VALUE;
        for (int k = 0; k < users.size(); k++) {
            JsonNode u = users.get(k);
            assertThat(u.path("rank").asInt()).isEqualTo(k + 1);
            assertThat(u.path("user_id").asText()).as(similar.toString()).startsWith("a").isNotEqualTo("a0");
            assertThat(u.path("score").asDouble()).isBetween(-1.0, 1.0).isLessThanOrEqualTo(previous);
            previous = u.path("score").asDouble();
        }
        JsonNode all = service.get("/users/a0/similar?n=100").expect(200).path("users");
        assertThat(all.size()).as("every other user shares an item with a0").isEqualTo(2 * GROUP - 1);
        assertThat(all.get(all.size() - 1).path("user_id").asText()).startsWith("b");

        service.get("/users/a0/similar?n=0").assertError(400);
        service.get("/users/a0/similar?n=101").assertError(400);
        service.get("/users/a0/similar?k=3").assertError(400);
    }

    @Test
    void erasingAUserRemovesTheEntityToo() {
        service.put("/users/forget-me", Map.of("labels", List.of("vip"))).expect(201);
        service.sendEvents(List.of(event("forget-me", "a-item-1", "view", null)));
        JsonNode erased = service.delete("/users/forget-me").expect(200);
        assertThat(erased.path("erased").path("users").asInt()).isEqualTo(1);
        service.get("/users/forget-me").assertError(404);
        assertThat(service.delete("/users/forget-me").expect(200).path("erased").path("users").asInt()).isZero();
    }
}
