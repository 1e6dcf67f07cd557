package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import dev.brisk.server.support.WriteLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 503 from {@code POST /events} carries Retry-After and means that nothing of that request was
 * stored — whether the queue was full, the database's write lock was held past the writer's
 * patience, or the acknowledgement timed out — and a 200 means all of it was. Checked after the
 * lock is released and a later event went through the same writer, so a late write would show.
 */
class RefusedEventsTest {
    @TempDir
    Path dir;
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void aFullQueueRefusesTheRequestAndStoresNothingOfIt() throws Exception {
        try (TestService service = TestService.start(dir, false, Map.of("BRISK_INGEST_QUEUE_EVENTS", "10",
                "BRISK_MAX_BATCH_EVENTS", "10"))) {
            service.sendEvents(events("full-warm", 1));
            Map<String, Response> answers = new LinkedHashMap<>();
            CompletableFuture<Response> first;
            CompletableFuture<Response> second;
            try (WriteLock lock = WriteLock.hold(service.config(), "user_events")) {
                first = sendAsync(service, "full-a", 5);
                assertThat(TestService.eventually(Duration.ofSeconds(10), () -> queuedEvents(service) == 5)).isTrue();
                second = sendAsync(service, "full-b", 5);
                assertThat(TestService.eventually(Duration.ofSeconds(10), () -> queuedEvents(service) == 10)).isTrue();
                Response refused = send(service, "full-c", 5);
                assertThat(refused.status()).as(refused.text()).isEqualTo(503);
                assertThat(refused.error().path("code").asText()).isEqualTo("overloaded");
                answers.put("full-c", refused);
            }
            answers.put("full-a", first.get(60, TimeUnit.SECONDS));
            answers.put("full-b", second.get(60, TimeUnit.SECONDS));
            assertThat(answers.get("full-a").status()).as(answers.get("full-a").text()).isEqualTo(200);
            assertThat(answers.get("full-b").status()).as(answers.get("full-b").text()).isEqualTo(200);
            assertStoredAsAnswered(service, answers);
        }
    }

    /**
     * While the write lock is held (on SQLite longer than its 15 s busy timeout, so the writer gives
     * up), requests keep coming; those the writer has not taken time out after a second and are
     * withdrawn. After the release a few more requests go through the same connections.
     */
    @Test
    void whileTheWriteLockIsHeldEvery503LeavesNothingBehind() throws Exception {
        try (TestService service = TestService.start(dir, false, Map.of("BRISK_INGEST_ACK_TIMEOUT_MS", "1000"))) {
            service.sendEvents(events("held-warm", 1));
            long holdMillis = TestService.onPostgres() ? 4_000 : 17_000;
            Map<String, CompletableFuture<Response>> pending = new LinkedHashMap<>();
            try (WriteLock lock = WriteLock.hold(service.config(), "user_events")) {
                long until = System.currentTimeMillis() + holdMillis;
                for (int k = 0; System.currentTimeMillis() < until; k++) {
                    pending.put("held-" + k, sendAsync(service, "held-" + k, 3));
                    Thread.sleep(500);
                }
            }
            for (int k = 0; k < 5; k++) {
                pending.put("after-" + k, CompletableFuture.completedFuture(send(service, "after-" + k, 3)));
            }
            Map<String, Response> answers = new LinkedHashMap<>();
            for (var e : pending.entrySet()) {
                answers.put(e.getKey(), e.getValue().get(90, TimeUnit.SECONDS));
            }
            List<String> codes = new ArrayList<>();
            answers.values().stream().filter(r -> r.status() == 503).forEach(r -> codes.add(r.error().path("code").asText()));
            assertThat(codes).as("codes of the 503 answers").contains("ack_timeout");
            assertThat(answers.get("after-4").status()).as(answers.get("after-4").text()).isEqualTo(200);
            assertStoredAsAnswered(service, answers);
        }
    }

    /** Every answer is 200 or 503; a 503 has Retry-After and none of its events stored, a 200 all of them. */
    private static void assertStoredAsAnswered(TestService service, Map<String, Response> answers) {
        service.sendEvents(events("last", 1)); // behind every queued request in the writer's order
        for (var e : answers.entrySet()) {
            Response r = e.getValue();
            List<String> stored = storedIds(service, e.getKey());
            assertThat(r.status()).as("answer to %s: %s", e.getKey(), r.text()).isIn(200, 503);
            if (r.status() == 503) {
                assertThat(r.retryAfter()).as("Retry-After of %s", r.text()).isNotBlank();
                assertThat(stored).as("events stored of %s, answered %s", e.getKey(), r.text()).isEmpty();
            } else {
                assertThat(r.json().path("duplicates").asInt()).as(r.text()).isZero();
                assertThat(stored).as("events stored of %s, answered %s", e.getKey(), r.text())
                        .hasSize(r.json().path("accepted").asInt());
            }
        }
    }

    private static List<String> storedIds(TestService service, String request) {
        JsonNode activity = service.get("/users/" + request + "/activity?limit=1000").expect(200);
        return activity.path("events").findValuesAsText("event_id");
    }

    /** A request's events: its name is their user and the prefix of their ids. */
    private static List<Map<String, Object>> events(String request, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestService.with(TestService.event(request, "item-" + i, "view", null), "event_id", request + "-" + i));
        }
        return out;
    }

    private static Response send(TestService service, String request, int n) {
        return service.post("/events", events(request, n));
    }

    private CompletableFuture<Response> sendAsync(TestService service, String request, int n) {
        return CompletableFuture.supplyAsync(() -> send(service, request, n), clients);
    }

    private static int queuedEvents(TestService service) {
        for (JsonNode c : service.get("/ready").json().path("components")) {
            if ("ingest".equals(c.path("component").asText())) {
                return c.path("details").path("queued_events").asInt();
            }
        }
        return -1;
    }
}
