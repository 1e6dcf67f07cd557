package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static dev.brisk.server.TestService.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input never gets stored: each kind of invalid request gets the right 4xx in the JSON error
 * shape, and the users involved have exactly the events they had before. The service runs with
 * small limits (2048-byte bodies, 5 events per request) so that the limits can be crossed cheaply.
 * Unknown routes and wrong methods are answered in the same JSON shape.
 */
class InvalidInputTest {
    static final int MAX_BODY = 2048;
    static final int MAX_BATCH = 5;
    static final String USER = "careful";
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);

    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of(
                "BRISK_MAX_BODY_BYTES", Integer.toString(MAX_BODY),
                "BRISK_MAX_BATCH_EVENTS", Integer.toString(MAX_BATCH)));
        service.sendEvents(event(USER, "i0", "view", T0));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private int before;

    @BeforeEach
    void countStored() {
        before = service.storedEvents(USER);
    }

    private void assertNothingStored() {
        assertThat(service.storedEvents(USER)).as("events of %s", USER).isEqualTo(before);
    }

    private static Map<String, Object> valid() {
        return event(USER, "i1", "view", T0.plusSeconds(30));
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> e = new HashMap<>(valid());
        e.remove(field);
        return e;
    }

    static Stream<Arguments> invalidEvents() {
        long now = System.currentTimeMillis();
        return Stream.of(
                Arguments.of("missing user_id", without("user_id"), "user_id"),
                Arguments.of("missing item_id", without("item_id"), "item_id"),
                Arguments.of("missing event_type", without("event_type"), "event_type"),
                Arguments.of("unknown event type", with(valid(), "event_type", "teleport"), "event_type"),
                Arguments.of("event type not a string", with(valid(), "event_type", 3), "event_type"),
                Arguments.of("rating without a value", event(USER, "i1", "rating", T0), "rating"),
                Arguments.of("rating below 0.5", with(event(USER, "i1", "rating", T0), "rating", 0.4), "rating"),
                Arguments.of("rating of zero", with(event(USER, "i1", "rating", T0), "rating", 0), "rating"),
                Arguments.of("rating above 5", with(event(USER, "i1", "rating", T0), "rating", 5.5), "rating"),
                Arguments.of("rating not a number", with(event(USER, "i1", "rating", T0), "rating", "high"), "rating"),
                Arguments.of("empty item id", with(valid(), "item_id", ""), "item_id"),
                Arguments.of("blank item id", with(valid(), "item_id", "   "), "item_id"),
                Arguments.of("item id over 128 characters", with(valid(), "item_id", "x".repeat(129)), "item_id"),
                Arguments.of("item id with a control character", with(valid(), "item_id", "bad\u0001id"), "item_id"),
                Arguments.of("item id with a newline", with(valid(), "item_id", "bad\nid"), "item_id"),
                Arguments.of("event id over 128 characters", with(valid(), "event_id", "e".repeat(129)), "event_id"),
                Arguments.of("session id with a control character", with(valid(), "session_id", "s\u0007"),
                        "session_id"),
                Arguments.of("fractional item id", with(valid(), "item_id", 1.5), "item_id"),
                Arguments.of("unparsable timestamp", with(valid(), "timestamp", "yesterday"), "timestamp"),
                Arguments.of("timestamp not a date", with(valid(), "timestamp", "2024-13-45T99:00:00Z"), "timestamp"),
                Arguments.of("timestamp before 1970 (ISO)", with(valid(), "timestamp", "1969-12-31T23:59:59Z"),
                        "timestamp"),
                Arguments.of("timestamp in seconds", with(valid(), "timestamp", now / 1000), "timestamp"),
                Arguments.of("timestamp two days ahead", with(valid(), "timestamp", now + 2L * 86_400_000L),
                        "timestamp"),
                Arguments.of("timestamp in the year 3000", with(valid(), "timestamp", "3000-01-01T00:00:00Z"),
                        "timestamp"),
                Arguments.of("unknown field", with(valid(), "colour", "red"), "colour"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void anInvalidEventIsRefusedWithTheReasonAndNotStored(String name, Map<String, Object> event, String field) {
        Response r = service.post("/events", event).assertError(400);
        assertThat(r.error().path("code").asText()).isEqualTo("invalid_input");
        assertThat(r.error().path("message").asText()).contains(field);
        assertThat(r.error().path("details").path("problems").findValuesAsText("field")).anyMatch(f -> f.contains(field));
        assertNothingStored();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void anInvalidEventInAnArrayIsRefusedAndNotStored(String name, Map<String, Object> event, String field) {
        Response r = service.post("/events", List.of(event)).assertError(400);
        JsonNode rejected = r.error().path("details").path("rejected");
        assertThat(rejected.size()).isEqualTo(1);
        assertThat(rejected.get(0).path("index").asInt()).isZero();
        assertThat(rejected.get(0).path("reason").asText()).contains(field);
        assertNothingStored();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"user_id\": \"careful\", ", "{\"user_id\": careful}", "[{}", "{} {}", "nope"})
    void malformedJsonIs400(String body) {
        Response r = service.post("/events", body).assertError(400);
        assertThat(r.error().path("code").asText()).isEqualTo("malformed_json");
        assertNothingStored();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\"a string\"", "42", "null", "[]", ""})
    void aBodyThatHoldsNoEventIs400(String body) {
        service.post("/events", body).assertError(400);
        assertNothingStored();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded"})
    void anotherContentTypeIs415(String contentType) {
        Response r = service.send("POST", "/events", TestService.json(valid()), contentType).assertError(415);
        assertThat(r.error().path("code").asText()).isEqualTo("unsupported_media_type");
        assertNothingStored();
    }

    @Test
    void noContentTypeIs415() {
        service.send("POST", "/events", TestService.json(valid()), null).assertError(415);
        assertNothingStored();
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String padded = TestService.json(List.of(valid())) + " ".repeat(MAX_BODY + 100);
        Response r = service.post("/events", padded).assertError(413);
        assertThat(r.error().path("code").asText()).isEqualTo("payload_too_large");
        assertNothingStored();
    }

    @Test
    void aStreamedBodyOverTheLimitWithoutContentLengthIs413() throws Exception {
        HttpResponse<String> response = postStreamed(TestService.json(List.of(valid())) + " ".repeat(MAX_BODY + 100));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\"");
        assertNothingStored();
    }

    @Test
    void aStreamedBodyWithinTheLimitWithoutContentLengthIsStored() throws Exception {
        // Read in chunks as it streams in, unlike a body of a declared length (read into one array of that size).
        HttpResponse<String> response = postStreamed(TestService.json(List.of(valid())));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        assertThat(service.storedEvents(USER)).isEqualTo(before + 1);
    }

    /** POST /events with a body sent as a stream: chunked, without Content-Length. */
    private HttpResponse<String> postStreamed(String text) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void contentLengthIsDigitsOnly() {
        assertThat(HttpServer.isLength("0")).isTrue();
        assertThat(HttpServer.isLength("123456789012345678")).isTrue();
        assertThat(HttpServer.isLength("1234567890123456789")).isFalse();
        assertThat(HttpServer.isLength("")).isFalse();
        assertThat(HttpServer.isLength("-1")).isFalse();
        assertThat(HttpServer.isLength("12a")).isFalse();
        assertThat(HttpServer.isLength(" 12")).isFalse();
    }

    @Test
    void aBatchOverTheLimitIs413AndNothingOfItIsStored() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i <= MAX_BATCH; i++) {
            batch.add(event(USER, "b" + i, "view", T0.plusSeconds(i)));
        }
        Response r = service.post("/events", batch).assertError(413);
        assertThat(r.error().path("code").asText()).isEqualTo("batch_too_large");
        assertThat(r.error().path("details").path("limit").asInt()).isEqualTo(MAX_BATCH);
        assertNothingStored();

        StringBuilder ndjson = new StringBuilder();
        batch.forEach(e -> ndjson.append(TestService.json(e)).append('\n'));
        service.send("POST", "/events", ndjson.toString(), "application/x-ndjson").assertError(413);
        assertNothingStored();
    }

    @Test
    void aBatchAtTheLimitIsAccepted() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < MAX_BATCH; i++) {
            batch.add(event("at-limit", "b" + i, "view", T0.plusSeconds(i)));
        }
        assertThat(service.sendEvents(batch).path("accepted").asInt()).isEqualTo(MAX_BATCH);
    }

    @Test
    void aBatchOfOnlyInvalidEventsIs400AndListsEveryRejection() {
        Response r = service.post("/events", List.of(without("item_id"), with(valid(), "event_type", "x")))
                .assertError(400);
        JsonNode rejected = r.error().path("details").path("rejected");
        assertThat(rejected.size()).isEqualTo(2);
        assertThat(rejected.get(0).path("index").asInt()).isZero();
        assertThat(rejected.get(1).path("index").asInt()).isEqualTo(1);
        assertNothingStored();
    }

    @Test
    void anUnknownQueryParameterOnEventsIs400() {
        service.post("/events?dry_run=true", valid()).assertError(400);
        assertNothingStored();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/recommend?user_id=careful&n=0",
            "/recommend?user_id=careful&n=-1",
            "/recommend?user_id=careful&n=101",
            "/recommend?user_id=careful&n=ten",
            "/recommend?user_id=careful&model=nope",
            "/recommend?user_id=careful&colour=red",
            "/recommend?user_id=careful&exclude_seen=maybe",
            "/recommend?user_id=careful&n=5&n=6",
            "/recommend",
            "/recommend?user_id=",
            "/popular?n=0",
            "/popular?n=101",
            "/popular?window=forever",
            "/popular?window=0d",
            "/popular?colour=red",
            "/latest?n=0",
            "/latest?n=101",
            "/latest?since=yesterday",
            "/users/careful/activity?limit=0",
            "/users/careful/activity?limit=1001",
            "/users/careful/activity?event_type=teleport",
            "/users/careful/activity?before=not-a-cursor",
            "/users/careful/activity?colour=red",
            "/users/careful/profile?verbose=true",
            "/users/careful/sessions?limit=0",
            "/users?limit=0",
            "/metrics/history",
            "/metrics/history?name=events_accepted_total&window=forever",
            "/analytics/engagement?window=soon",
            "/analytics/engagement?colour=red",
            "/cache/stats?verbose=1",
            "/models?verbose=1",
            "/health?verbose=1"})
    void aBadQueryIs400(String path) {
        Response r = service.get(path).assertError(400);
        assertThat(r.error().path("message").asText()).isNotBlank();
    }

    @Test
    void anUnknownModelIsNamedInTheError() {
        Response r = service.get("/recommend?user_id=careful&model=nope").assertError(400);
        assertThat(r.error().path("message").asText()).contains("nope").contains("popular");
    }

    @Test
    void anIdOver128CharactersInThePathIs400() {
        service.get("/users/" + "u".repeat(129) + "/activity").assertError(400);
        service.get("/items/" + "i".repeat(129)).assertError(400);
        service.get("/recommend?user_id=" + "u".repeat(129)).assertError(400);
    }

    @Test
    void invalidItemsAreRefusedAndNothingOfTheBatchIsStored() {
        Response one = service.put("/items/bad-item", Map.of("title", "Bad", "colour", "red")).assertError(400);
        assertThat(one.error().path("message").asText()).contains("colour");
        service.put("/items/bad-item", Map.of("item_id", "other-id")).assertError(400);
        service.put("/items/bad-item", Map.of("genres", "Drama")).assertError(400);
        service.put("/items/bad-item", "[]").assertError(400);
        service.send("PUT", "/items/bad-item", "{\"title\":\"x\"}", "text/plain").assertError(415);
        service.get("/items/bad-item").assertError(404);

        Response many = service.post("/items", List.of(Map.of("item_id", "ok-item", "title", "Fine"),
                Map.of("title", "no id"))).assertError(400);
        assertThat(many.error().path("details").path("rejected").get(0).path("index").asInt()).isEqualTo(1);
        service.get("/items/ok-item").assertError(404);
        service.post("/items", "[]").assertError(400);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/nope", "/user/careful", "/users/careful/friends", "/events/1/more", "/recommend/extra",
            "/models/popular", "/cache/users", "/metrics/nope"})
    void anUnknownRouteIsAJson404(String path) {
        Response r = service.get(path).assertError(404);
        assertThat(r.error().path("code").asText()).isEqualTo("not_found");
        assertThat(r.contentType()).startsWith("application/json");
    }

    @Test
    void anUnknownRouteOfEveryMethodIsAJson404() {
        service.get("/no/such/endpoint").assertError(404);
        service.post("/no/such/endpoint", "{}").assertError(404);
        service.delete("/no/such/endpoint").assertError(404);
    }

    @Test
    void aWrongMethodIsAJson405() {
        Response put = service.put("/events", TestService.json(valid())).assertError(405);
        assertThat(put.error().path("code").asText()).isEqualTo("method_not_allowed");
        service.delete("/recommend?user_id=careful").assertError(405);
        service.delete("/events").assertError(405);
        service.post("/popular", "{}").assertError(405);
        service.post("/users/careful/activity", "{}").assertError(405);
        service.delete("/metrics").assertError(405);
        service.put("/cache", "{}").assertError(405);
        service.delete("/items").assertError(405);
        service.get("/events").assertError(405);
        assertNothingStored();
    }

    @Test
    void missingThingsAreJson404s() {
        service.get("/users/nobody-at-all/profile").assertError(404);
        service.get("/items/no-such-item").assertError(404);
        service.delete("/items/no-such-item").assertError(404);
        Response r = service.post("/models/nope/train", "").assertError(404);
        assertThat(r.error().path("message").asText()).contains("popular");
    }
}
