package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static dev.brisk.server.TestService.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /events}: one object, an array, NDJSON; the answer's counts and ids; idempotency
 * through {@code event_id}; a mixed batch stores the valid events and lists each rejected one.
 */
class EventRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void oneEventObjectIsStoredAndItsIdReturned() {
        Response r = service.post("/events", with(event("obj-user", "i1", "view", T0), "event_id", "obj-1"));
        JsonNode body = r.expect(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(body.path("accepted").asInt()).isEqualTo(1);
        assertThat(body.path("duplicates").asInt()).isZero();
        assertThat(body.path("rejected").isArray()).isTrue();
        assertThat(body.path("rejected").size()).isZero();
        assertThat(body.path("event_id").asText()).isEqualTo("obj-1");

        JsonNode stored = service.get("/users/obj-user/activity").expect(200).path("events");
        assertThat(stored.size()).isEqualTo(1);
        assertThat(stored.get(0).path("event_id").asText()).isEqualTo("obj-1");
        assertThat(stored.get(0).path("item_id").asText()).isEqualTo("i1");
        assertThat(stored.get(0).path("event_type").asText()).isEqualTo("view");
        assertThat(Instant.parse(stored.get(0).path("timestamp").asText())).isEqualTo(T0);
    }

    @Test
    void anEventWithoutIdGetsOneAndWithoutTimestampIsNow() {
        Instant before = Instant.now().minusSeconds(1);
        JsonNode body = service.sendEvents(Map.of("user_id", "noid-user", "item_id", "i2", "event_type", "like",
                "session_id", "sess-9", "source", "web"));
        String id = body.path("event_id").asText();
        assertThat(id).isNotBlank();
        JsonNode stored = service.get("/users/noid-user/activity").expect(200).path("events").get(0);
        assertThat(stored.path("event_id").asText()).isEqualTo(id);
        assertThat(stored.path("session_id").asText()).isEqualTo("sess-9");
        assertThat(stored.path("source").asText()).isEqualTo("web");
        assertThat(Instant.parse(stored.path("timestamp").asText())).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void anArrayOfEventsIsStored() {
        JsonNode body = service.sendEvents(List.of(
                event("arr-user", "i1", "view", T0),
                event("arr-user", "i2", "click", T0.plusSeconds(1)),
                with(event("arr-user", "i3", "rating", T0.plusSeconds(2)), "rating", 5),
                event("arr-user", "i4", "add_to_cart", T0.plusSeconds(3))));
        assertThat(body.path("accepted").asInt()).isEqualTo(4);
        assertThat(body.path("duplicates").asInt()).isZero();
        assertThat(body.has("event_id")).as("a batch answer has no single event_id").isFalse();
        assertThat(service.storedEvents("arr-user")).isEqualTo(4);
    }

    @Test
    void aBodyLargerThanIsReadAtOnceIsStoredWhole() {
        // Bodies over Bodies.DECLARED_AT_ONCE_BYTES are read as they stream in, like a body without a length.
        List<Map<String, Object>> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            batch.add(with(event("big-body-user", "i" + (i % 50), "view", T0.plusSeconds(i)), "event_id", "big-body-" + i));
        }
        String body = TestService.json(batch);
        assertThat(body.length()).isGreaterThan(Bodies.DECLARED_AT_ONCE_BYTES);
        JsonNode answer = service.send("POST", "/events", body, "application/json").expect(200);
        assertThat(answer.path("accepted").asInt()).isEqualTo(600);
        assertThat(service.storedEvents("big-body-user")).isEqualTo(600);
    }

    @Test
    void ndjsonIsOneEventPerLine() {
        String ndjson = TestService.json(event("nd-user", "i1", "view", T0)) + "\n"
                + TestService.json(event("nd-user", "i2", "purchase", T0.plusSeconds(5))) + "\r\n"
                + "\n"
                + TestService.json(event("nd-user", "i3", "impression", T0.plusSeconds(9))) + "\n";
        Response r = service.send("POST", "/events", ndjson, "application/x-ndjson");
        JsonNode body = r.expect(200);
        assertThat(body.path("accepted").asInt()).isEqualTo(3);
        assertThat(body.path("rejected").size()).isZero();
        JsonNode events = service.get("/users/nd-user/activity").expect(200).path("events");
        assertThat(events.size()).isEqualTo(3);
        assertThat(events.get(0).path("event_type").asText()).isEqualTo("impression");
        assertThat(events.get(2).path("event_type").asText()).isEqualTo("view");
    }

    @Test
    void ndjsonLinesThatAreNotJsonAreRejectedByIndex() {
        String ndjson = TestService.json(event("nd-bad", "i1", "view", T0)) + "\n"
                + "{not json\n"
                + TestService.json(event("nd-bad", "i2", "view", T0.plusSeconds(1))) + "\n";
        JsonNode body = service.send("POST", "/events", ndjson, "application/x-ndjson").expect(200);
        assertThat(body.path("accepted").asInt()).isEqualTo(2);
        assertThat(body.path("rejected").size()).isEqualTo(1);
        assertThat(body.path("rejected").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(body.path("rejected").get(0).path("reason").asText()).isNotBlank();
        assertThat(service.storedEvents("nd-bad")).isEqualTo(2);
    }

    @Test
    void ndjsonSentAsJsonIsRefusedWithTheRightContentTypeNamed() {
        String ndjson = TestService.json(event("nd-as-json", "i1", "view", T0)) + "\n"
                + TestService.json(event("nd-as-json", "i2", "view", T0.plusSeconds(1))) + "\n";
        Response r = service.send("POST", "/events", ndjson, "application/json");
        r.assertError(400);
        assertThat(r.error().path("message").asText())
                .contains("Content-Type: application/x-ndjson")
                .doesNotContain("Trailing token");
        assertThat(r.error().path("details").path("content_type").asText()).isEqualTo("application/x-ndjson");
        assertThat(service.storedEvents("nd-as-json")).isZero();

        Response twoArrays = service.send("POST", "/events", "[] []", "application/json");
        twoArrays.assertError(400);
        assertThat(twoArrays.error().path("message").asText()).contains("more than one value");
    }

    @Test
    void historicalEventsAreStoredWithTheirOwnTime() {
        // MovieLens 100K's first rating: 1997-09-20, sent as epoch milliseconds and as ISO-8601.
        Instant ml100k = Instant.parse("1997-09-20T03:05:10Z");
        JsonNode body = service.sendEvents(List.of(
                with(event("old-user", "i1", "rating", ml100k), "rating", 4),
                with(with(event("old-user", "i2", "view", ml100k), "timestamp", ml100k.plusSeconds(60).toEpochMilli()),
                        "event_id", "old-2")));
        assertThat(body.path("accepted").asInt()).isEqualTo(2);
        JsonNode events = service.get("/users/old-user/activity").expect(200).path("events");
        assertThat(Instant.parse(events.get(0).path("timestamp").asText())).isEqualTo(ml100k.plusSeconds(60));
        assertThat(Instant.parse(events.get(1).path("timestamp").asText())).isEqualTo(ml100k);

        Response seconds = service.post("/events", with(event("old-user", "i3", "view", ml100k),
                "timestamp", ml100k.getEpochSecond()));
        seconds.assertError(400);
        assertThat(seconds.error().path("message").asText()).contains("looks like seconds; send epoch milliseconds");
        assertThat(service.storedEvents("old-user")).isEqualTo(2);
    }

    @Test
    void contentTypeWithCharsetIsJson() {
        Response r = service.send("POST", "/events", TestService.json(event("charset-user", "i1", "view", T0)),
                "application/json; charset=utf-8");
        assertThat(r.expect(200).path("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void numericIdsAreKeptAsTheirDecimalText() {
        service.sendEvents(Map.of("user_id", 4242, "item_id", 17, "event_type", "view", "timestamp",
                T0.toEpochMilli()));
        JsonNode stored = service.get("/users/4242/activity").expect(200).path("events").get(0);
        assertThat(stored.path("user_id").asText()).isEqualTo("4242");
        assertThat(stored.path("item_id").asText()).isEqualTo("17");
        assertThat(Instant.parse(stored.path("timestamp").asText())).isEqualTo(T0);
    }

    @Test
    void theSameEventIdTwiceIsStoredOnce() {
        Map<String, Object> e = with(with(event("dup-user", "i7", "rating", T0), "rating", 4), "event_id", "dup-1");
        JsonNode first = service.sendEvents(e);
        assertThat(first.path("accepted").asInt()).isEqualTo(1);
        assertThat(first.path("duplicates").asInt()).isZero();

        JsonNode second = service.sendEvents(e);
        assertThat(second.path("accepted").asInt()).isZero();
        assertThat(second.path("duplicates").asInt()).isEqualTo(1);
        assertThat(second.path("event_id").asText()).isEqualTo("dup-1");

        JsonNode events = service.get("/users/dup-user/activity").expect(200).path("events");
        assertThat(events.size()).isEqualTo(1);
        JsonNode profile = service.get("/users/dup-user/profile").expect(200);
        assertThat(profile.path("total_interactions").asLong()).isEqualTo(1);
        assertThat(profile.path("counts").path("rating").asLong()).isEqualTo(1);
        assertThat(profile.path("rating_count").asLong()).isEqualTo(1);
        assertThat(profile.path("avg_rating").asDouble()).isEqualTo(4.0);
    }

    @Test
    void aRetriedBatchIsStoredOnceAndDuplicatesInsideOneBatchCountOnce() {
        Map<String, Object> a = with(event("dup-batch", "i1", "view", T0), "event_id", "db-1");
        Map<String, Object> b = with(event("dup-batch", "i2", "view", T0.plusSeconds(1)), "event_id", "db-2");
        JsonNode first = service.sendEvents(List.of(a, b, a));
        assertThat(first.path("accepted").asInt()).isEqualTo(2);
        assertThat(first.path("duplicates").asInt()).isEqualTo(1);
        JsonNode retry = service.sendEvents(List.of(a, b));
        assertThat(retry.path("accepted").asInt()).isZero();
        assertThat(retry.path("duplicates").asInt()).isEqualTo(2);
        assertThat(service.storedEvents("dup-batch")).isEqualTo(2);
        assertThat(service.get("/users/dup-batch/profile").expect(200).path("total_interactions").asLong())
                .isEqualTo(2);
    }

    @Test
    void aMixedBatchStoresTheValidEventsAndListsEachRejectedOne() {
        List<Map<String, Object>> batch = List.of(
                event("mixed-user", "i1", "view", T0),
                Map.of("user_id", "mixed-user", "event_type", "view"),
                event("mixed-user", "i2", "click", T0.plusSeconds(1)),
                event("mixed-user", "i3", "teleport", T0.plusSeconds(2)),
                with(event("mixed-user", "i4", "rating", T0.plusSeconds(3)), "rating", 9),
                event("mixed-user", "i5", "purchase", T0.plusSeconds(4)));
        JsonNode body = service.post("/events", batch).expect(200);
        assertThat(body.path("accepted").asInt()).isEqualTo(3);
        assertThat(body.path("duplicates").asInt()).isZero();
        JsonNode rejected = body.path("rejected");
        assertThat(rejected.size()).isEqualTo(3);
        assertThat(rejected.get(0).path("index").asInt()).isEqualTo(1);
        assertThat(rejected.get(0).path("reason").asText()).contains("item_id");
        assertThat(rejected.get(1).path("index").asInt()).isEqualTo(3);
        assertThat(rejected.get(1).path("reason").asText()).contains("event_type").contains("teleport");
        assertThat(rejected.get(2).path("index").asInt()).isEqualTo(4);
        assertThat(rejected.get(2).path("reason").asText()).contains("rating");
        assertThat(rejected.get(2).path("problems").get(0).path("field").asText()).isEqualTo("rating");

        JsonNode events = service.get("/users/mixed-user/activity").expect(200).path("events");
        assertThat(RealTimeScenarioTest.ids(events)).hasSize(3);
        assertThat(events.findValuesAsText("item_id")).containsExactly("i5", "i2", "i1");
    }
}
