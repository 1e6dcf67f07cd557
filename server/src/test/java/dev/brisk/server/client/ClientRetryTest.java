package dev.brisk.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.client.BriskClient;
import dev.brisk.client.BriskConnectionException;
import dev.brisk.client.Event;
import dev.brisk.client.EventType;
import dev.brisk.client.IngestResult;
import dev.brisk.client.RetryNotice;
import dev.brisk.client.RetryPolicy;
import dev.brisk.server.TestService;
import dev.brisk.server.support.WriteLock;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries against a service that cannot take events for a while (its database's write lock held
 * from outside): the client waits as told and tries again, and because each event carries its id
 * from the first attempt, every event is stored exactly once however many attempts it took.
 */
class ClientRetryTest {
    @TempDir
    Path dir;

    @Test
    void a503IsRetriedAfterRetryAfterAndEachEventIsStoredOnce() throws Exception {
        try (TestService service = TestService.start(dir, false, Map.of("BRISK_INGEST_QUEUE_EVENTS", "10",
                "BRISK_MAX_BATCH_EVENTS", "10"))) {
            List<RetryNotice> retries = new CopyOnWriteArrayList<>();
            BriskClient brisk = Clients.of(service, null).onRetry(retries::add)
                    .retries(new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(5))).build();
            brisk.events().send(Event.of("warm", "i1", EventType.VIEW));
            List<Event> events = events("after-503", 5);
            CompletableFuture<IngestResult> sent;
            List<CompletableFuture<TestService.Response>> fillers = new ArrayList<>();
            try (WriteLock lock = WriteLock.hold(service.config(), "user_events")) {
                // The writer waits on the lock; ten queued events fill the queue.
                for (String filler : List.of("filler-a", "filler-b")) {
                    fillers.add(CompletableFuture.supplyAsync(() -> service.post("/events", rawEvents(filler, 5))));
                    assertThat(TestService.eventually(Duration.ofSeconds(10), () -> queuedEvents(service) >= 5 * fillers.size()))
                            .isTrue();
                }
                sent = CompletableFuture.supplyAsync(() -> brisk.events().send(events));
                assertThat(TestService.eventually(Duration.ofSeconds(10), () -> !retries.isEmpty()))
                        .as("a retry while the queue is full").isTrue();
            }
            IngestResult result = sent.get(60, TimeUnit.SECONDS);
            assertThat(result.accepted() + result.duplicates()).isEqualTo(5);
            assertThat(retries.get(0).status()).isEqualTo(503);
            assertThat(retries.get(0).reason()).isEqualTo("overloaded");
            assertThat(retries.get(0).delay()).as("not sooner than Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            for (CompletableFuture<TestService.Response> filler : fillers) {
                assertThat(filler.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            assertStoredOnce(service, "after-503", events);
        }
    }

    /**
     * The worst case for duplicates: the first attempt times out on the client's side while the
     * service still holds it, and stores it once the database lets it; the later attempts are then
     * acknowledged as duplicates.
     */
    @Test
    void attemptsThatTimedOutButWereStoredLaterAreNotStoredAgain() throws Exception {
        try (TestService service = TestService.start(dir)) {
            List<RetryNotice> retries = new CopyOnWriteArrayList<>();
            BriskClient brisk = Clients.of(service, null).onRetry(retries::add).requestTimeout(Duration.ofSeconds(1))
                    .retries(new RetryPolicy(60, Duration.ofMillis(100), Duration.ofMillis(500))).build();
            brisk.events().send(Event.of("warm", "i1", EventType.VIEW));
            List<Event> events = events("after-timeout", 3);
            CompletableFuture<IngestResult> sent;
            try (WriteLock lock = WriteLock.hold(service.config(), "user_events")) {
                sent = CompletableFuture.supplyAsync(() -> brisk.events().send(events));
                assertThat(TestService.eventually(Duration.ofSeconds(20), () -> retries.size() >= 2))
                        .as("attempts time out while the lock is held").isTrue();
            }
            IngestResult result = sent.get(120, TimeUnit.SECONDS);
            assertThat(retries).allSatisfy(r -> assertThat(r.status()).as(r.reason()).isZero());
            assertThat(result.accepted() + result.duplicates()).isEqualTo(3);
            assertStoredOnce(service, "after-timeout", events);
        }
    }

    @Test
    void noAnswerAtAllIsAConnectionFailureAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<RetryNotice> retries = new CopyOnWriteArrayList<>();
        BriskClient nowhere = BriskClient.builder().baseUrl("http://127.0.0.1:" + closedPort).onRetry(retries::add)
                .retries(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50))).build();
        BriskConnectionException e = catchThrowableOfType(BriskConnectionException.class,
                () -> nowhere.models().train("popular"));
        assertThat(e.status()).isZero();
        assertThat(e.code()).isEqualTo("io_error");
        assertThat(e.getMessage()).contains("3 attempt(s)");
        assertThat(retries).as("a refused connection reached nothing: safe to retry any call").hasSize(2);
    }

    private static void assertStoredOnce(TestService service, String userId, List<Event> sent) {
        service.sendEvents(rawEvents("last", 1)); // behind every queued request in the writer's order
        JsonNode activity = service.get("/users/" + userId + "/activity?limit=1000").expect(200);
        assertThat(activity.path("events").findValuesAsText("event_id"))
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Event::eventId).toList());
    }

    private static List<Event> events(String userId, int n) {
        return IntStream.range(0, n).mapToObj(i -> Event.of(userId, "i" + i, EventType.VIEW)).toList();
    }

    private static List<Map<String, Object>> rawEvents(String userId, int n) {
        return IntStream.range(0, n).mapToObj(i -> TestService.event(userId, "i" + i, "view", null)).toList();
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
