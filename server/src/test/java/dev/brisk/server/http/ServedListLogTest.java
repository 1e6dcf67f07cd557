package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import dev.brisk.server.support.WriteLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Served lists are logged to {@code served_lists} off the request path, while events are
 * committed by the ingest writer: the two must not get in each other's way, and
 * {@code flushRecommendationLogs()} must mean "stored".
 */
class ServedListLogTest {
    @TempDir
    static Path dir;
    static TestService service;
    static final int EVENTS = 30;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        service.putItems("f", 120);
        service.retrainPopular();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /**
     * The log writer is held up by a write lock taken from outside (as a long commit or a busy
     * database would), so that its batch is drained from the queue but not yet committed when
     * {@code flushRecommendationLogs()} is called. The lock is released after a second; a flush
     * that keeps its promise returns only after that, with the list stored.
     */
    @Test
    void flushRecommendationLogsReturnsOnlyOnceTheListsAreStored() throws Exception {
        service.awaitServedListsStored();
        long before = service.storedListItems();
        WriteLock lock = WriteLock.hold(service.config(), "served_lists");
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(1_000);
                lock.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            JsonNode list = service.get("/recommend?user_id=flusher&n=100").expect(200);
            assertThat(list.path("items").size()).isEqualTo(100);
            release.start();

            service.brisk().flushRecommendationLogs();
            long stored = service.storedListItems() - before;

            assertThat(stored).as("served items in the log right after flushRecommendationLogs()")
                    .isEqualTo(100);
        } finally {
            if (!release.isAlive()) {
                lock.close();
            }
            release.join(10_000);
        }
        service.awaitServedListsStored();
    }

    /** SQLite answered most of these with 503 SQLITE_BUSY until write transactions began IMMEDIATE (d19a976). */
    @Test
    void eventsAreAcceptedWhileListsAreServed() throws Exception {
        AtomicBoolean serving = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            int i = 0;
            while (serving.get() && !Thread.currentThread().isInterrupted()) {
                service.get("/recommend?user_id=reader-" + (i++ % 20) + "&n=10");
            }
        });
        reader.start();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < EVENTS; i++) {
                Response r = service.sendRaw("POST", "/events", TestService.json(event("writer", "f" + (1 + i), "view",
                        null)), "application/json");
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.status() != 200 && failures.size() < 3) {
                    failures.add(r.text());
                }
            }
        } finally {
            serving.set(false);
            reader.join(30_000);
        }
        service.awaitServedListsStored();
        assertThat(statuses)
                .as("statuses of %d events sent while lists were served; first failures %s", EVENTS, failures)
                .containsOnlyKeys(200);
        assertThat(service.storedEvents("writer")).isEqualTo(EVENTS);
    }
}
