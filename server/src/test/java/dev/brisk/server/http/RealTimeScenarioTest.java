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
 * The product's promise end to end, in one story: events of several types for two users (sent
 * out of order) are stored and aggregated correctly; a list is cached; one new event for the
 * user drops the cached list and the item of that event leaves the next list; the live figures
 * and cache counters move accordingly; a click on a served list is attributed to it.
 */
class RealTimeScenarioTest {
    @TempDir
    static Path dir;
    static TestService service;

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        service.putItems("s", 20);
        service.retrainPopular(); // the model ranks the new catalog
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Instant at(int minutes) {
        return T0.plus(minutes, ChronoUnit.MINUTES);
    }

    private static Map<String, Object> ev(String id, String user, String item, String type, int minutes) {
        return with(event(user, item, type, at(minutes)), "event_id", id);
    }

    @Test
    void eventsAreStoredAggregatedCachedInvalidatedAndClicksAttributed() {
        JsonNode metricsBefore = service.get("/metrics/realtime").expect(200).path("events");
        JsonNode cacheBefore = service.get("/cache/stats").expect(200);

        Map<String, Object> a1 = ev("a1", "alice", "s1", "view", 0);
        Map<String, Object> a2 = ev("a2", "alice", "s1", "click", 1);
        Map<String, Object> a3 = with(ev("a3", "alice", "s2", "rating", 2), "rating", 4.5);
        Map<String, Object> a4 = with(ev("a4", "alice", "s3", "rating", 40), "rating", 2.5);
        Map<String, Object> a5 = ev("a5", "alice", "s1", "purchase", 41);
        Map<String, Object> b1 = ev("b1", "bob", "s4", "view", 5);
        Map<String, Object> b2 = ev("b2", "bob", "s5", "click", 6);
        Map<String, Object> b3 = ev("b3", "bob", "s5", "purchase", 7);

        // Out of order: a2 before a1, b2 before b1, a5 before a4.
        JsonNode first = service.sendEvents(List.of(a2, a1, b2, a3));
        assertThat(first.path("accepted").asInt()).isEqualTo(4);
        assertThat(first.path("duplicates").asInt()).isZero();
        JsonNode second = service.sendEvents(b1);
        assertThat(second.path("accepted").asInt()).isEqualTo(1);
        assertThat(second.path("event_id").asText()).isEqualTo("b1");
        JsonNode third = service.sendEvents(List.of(a5, a4, b3));
        assertThat(third.path("accepted").asInt()).isEqualTo(3);

        // Activity: every event, newest first by its own timestamp.
        JsonNode alice = service.get("/users/alice/activity").expect(200);
        assertThat(ids(alice.path("events"))).containsExactly("a5", "a4", "a3", "a2", "a1");
        assertThat(alice.path("count").asInt()).isEqualTo(5);
        JsonNode aliceNewest = alice.path("events").get(0);
        assertThat(aliceNewest.path("user_id").asText()).isEqualTo("alice");
        assertThat(aliceNewest.path("item_id").asText()).isEqualTo("s1");
        assertThat(aliceNewest.path("event_type").asText()).isEqualTo("purchase");
        assertThat(Instant.parse(aliceNewest.path("timestamp").asText())).isEqualTo(at(41));
        JsonNode aliceRating = alice.path("events").get(1);
        assertThat(aliceRating.path("rating").asDouble()).isEqualTo(2.5);
        JsonNode bob = service.get("/users/bob/activity").expect(200);
        assertThat(ids(bob.path("events"))).containsExactly("b3", "b2", "b1");

        // Profiles.
        JsonNode pa = service.get("/users/alice/profile").expect(200);
        assertThat(pa.path("user_id").asText()).isEqualTo("alice");
        assertThat(pa.path("total_interactions").asLong()).isEqualTo(5);
        assertThat(pa.path("counts").path("view").asLong()).isEqualTo(1);
        assertThat(pa.path("counts").path("click").asLong()).isEqualTo(1);
        assertThat(pa.path("counts").path("rating").asLong()).isEqualTo(2);
        assertThat(pa.path("counts").path("purchase").asLong()).isEqualTo(1);
        assertThat(pa.path("counts").path("like").asLong()).isZero();
        assertThat(pa.path("avg_rating").asDouble()).isEqualTo(3.5);
        assertThat(pa.path("rating_count").asLong()).isEqualTo(2);
        assertThat(Instant.parse(pa.path("first_interaction").asText())).isEqualTo(at(0));
        assertThat(Instant.parse(pa.path("last_interaction").asText())).isEqualTo(at(41));
        assertThat(pa.path("session_count").asLong()).as("0–2 min and 40–41 min are two sessions").isEqualTo(2);

        JsonNode pb = service.get("/users/bob/profile").expect(200);
        assertThat(pb.path("total_interactions").asLong()).isEqualTo(3);
        assertThat(pb.path("counts").path("view").asLong()).isEqualTo(1);
        assertThat(pb.path("counts").path("click").asLong()).isEqualTo(1);
        assertThat(pb.path("counts").path("purchase").asLong()).isEqualTo(1);
        assertThat(pb.path("counts").path("rating").asLong()).isZero();
        assertThat(pb.path("avg_rating").isNull()).isTrue();
        assertThat(pb.path("rating_count").asLong()).isZero();
        assertThat(Instant.parse(pb.path("first_interaction").asText())).isEqualTo(at(5));
        assertThat(Instant.parse(pb.path("last_interaction").asText())).isEqualTo(at(7));
        assertThat(pb.path("session_count").asLong()).isEqualTo(1);

        // Live figures: 8 accepted, 2 of each type.
        JsonNode metricsAfter = service.get("/metrics/realtime").expect(200).path("events");
        assertThat(metricsAfter.path("total").asLong() - metricsBefore.path("total").asLong()).isEqualTo(8);
        for (String type : List.of("view", "click", "rating", "purchase")) {
            assertThat(typeTotal(metricsAfter, type) - typeTotal(metricsBefore, type)).as(type).isEqualTo(2);
        }

        // Recommend twice: computed, then cached.
        JsonNode list1 = service.get("/recommend?user_id=alice&n=5").expect(200);
        assertThat(list1.path("cached").asBoolean()).isFalse();
        assertThat(list1.path("cold_start").asBoolean()).isFalse();
        assertThat(list1.path("model").asText()).isEqualTo("hybrid");
        assertThat(list1.path("request_id").asText()).isNotBlank();
        assertThat(list1.path("items").size()).isEqualTo(5);
        assertThat(itemIds(list1)).as("already seen items are left out").doesNotContain("s1", "s2", "s3");
        JsonNode list2 = service.get("/recommend?user_id=alice&n=5").expect(200);
        assertThat(list2.path("cached").asBoolean()).isTrue();
        assertThat(itemIds(list2)).isEqualTo(itemIds(list1));
        assertThat(list2.path("request_id").asText()).isNotEqualTo(list1.path("request_id").asText());

        JsonNode cacheMid = service.get("/cache/stats").expect(200);
        assertThat(cacheMid.path("hits").asLong() - cacheBefore.path("hits").asLong()).isEqualTo(1);
        assertThat(cacheMid.path("misses").asLong() - cacheBefore.path("misses").asLong()).isEqualTo(1);

        // One more event on an item of the list: the cached list is gone, the item leaves the list.
        String watched = itemIds(list2).get(0);
        assertThat(service.sendEvents(event("alice", watched, "view", at(50))).path("accepted").asInt()).isEqualTo(1);
        JsonNode cacheInvalidated = service.get("/cache/stats").expect(200);
        assertThat(cacheInvalidated.path("invalidations").asLong() - cacheMid.path("invalidations").asLong())
                .isGreaterThanOrEqualTo(1);

        JsonNode list3 = service.get("/recommend?user_id=alice&n=5").expect(200);
        assertThat(list3.path("cached").asBoolean()).isFalse();
        assertThat(itemIds(list3)).doesNotContain(watched).hasSize(5);

        JsonNode cacheAfter = service.get("/cache/stats").expect(200);
        assertThat(cacheAfter.path("hits").asLong() - cacheBefore.path("hits").asLong()).isEqualTo(1);
        assertThat(cacheAfter.path("misses").asLong() - cacheBefore.path("misses").asLong()).isEqualTo(2);

        JsonNode metricsLast = service.get("/metrics/realtime").expect(200).path("events");
        assertThat(metricsLast.path("total").asLong() - metricsBefore.path("total").asLong()).isEqualTo(9);
        assertThat(typeTotal(metricsLast, "view") - typeTotal(metricsBefore, "view")).isEqualTo(3);
        assertThat(service.storedEvents("alice")).isEqualTo(6);

        // A click that names the served list is attributed to it, inside the event's transaction.
        service.brisk().flushRecommendationLogs();
        service.awaitServedListsStored(); // the flush returns before its last batch is committed (see ServedListLogTest)
        String model = list3.path("model").asText();
        long clicksBefore = clicks(service.get("/analytics/engagement?window=7d").expect(200), model);
        String clicked = itemIds(list3).get(1);
        service.sendEvents(with(event("alice", clicked, "click", null), "recommendation_id",
                list3.path("request_id").asText()));
        JsonNode engagement = service.get("/analytics/engagement?window=7d").expect(200);
        long clicksAfter = clicks(engagement, model);
        assertThat(clicksAfter).isGreaterThanOrEqualTo(1);
        assertThat(clicksAfter - clicksBefore).isEqualTo(1);
        JsonNode modelRow = row(engagement, model);
        assertThat(modelRow.path("lists").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(modelRow.path("click_through_rate").asDouble()).isGreaterThan(0.0);

        // The click is stored with the list it came from.
        JsonNode clickEvent = service.get("/users/alice/activity?event_type=click&limit=1").expect(200)
                .path("events").get(0);
        assertThat(clickEvent.path("item_id").asText()).isEqualTo(clicked);
        assertThat(clickEvent.path("recommendation_id").asText()).isEqualTo(list3.path("request_id").asText());
    }

    static List<String> ids(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.path("event_id").asText()));
        return out;
    }

    static List<String> itemIds(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(e -> out.add(e.path("item_id").asText()));
        return out;
    }

    private static long typeTotal(JsonNode events, String type) {
        return events.path("by_type").path(type).path("total").asLong();
    }

    private static JsonNode row(JsonNode engagement, String model) {
        for (JsonNode r : engagement.path("click_through_by_model")) {
            if (model.equals(r.path("model").asText())) {
                return r;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static long clicks(JsonNode engagement, String model) {
        return row(engagement, model).path("clicks").asLong(0);
    }
}
