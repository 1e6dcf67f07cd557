package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.Cluster;
import dev.brisk.server.support.EventSenders;
import dev.brisk.server.support.HttpJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The same event ids sent at the same moment through two instances on one PostgreSQL database are
 * stored once: each batch goes to both instances at once from two threads, and between them the
 * instances acknowledge every id (as accepted or duplicate) while the table holds each id once.
 */
class ConcurrentDuplicatesTest {
    private static final int BATCHES = 40;
    private static final int PER_BATCH = 50;

    @Test
    void theSameIdsThroughTwoInstancesAtOnceAreStoredOnce() throws Exception {
        try (Cluster cluster = new Cluster("duplicates", Map.of("BRISK_VALIDATION_USERS", "0"))) {
            HttpJson a = new HttpJson(cluster.start("dup-a").port());
            HttpJson b = new HttpJson(cluster.start("dup-b").port());
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger duplicates = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            for (int n = 0; n < BATCHES; n++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < PER_BATCH; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"event_id\":\"dup-").append(n).append('-').append(i)
                            .append("\",\"user_id\":\"u").append(i % 7).append("\",\"item_id\":\"i").append(n % 11)
                            .append("\",\"event_type\":\"view\"}");
                }
                String batch = body.append(']').toString();
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> senders = new ArrayList<>();
                for (HttpJson instance : List.of(a, b)) {
                    Thread sender = new Thread(() -> {
                        try {
                            go.await();
                            HttpJson.Answer answer = instance.post("/events", batch);
                            if (answer.status() != 200) {
                                synchronized (failures) {
                                    failures.add(answer.status() + " " + answer.body());
                                }
                                return;
                            }
                            accepted.addAndGet(answer.body().path("accepted").asInt());
                            duplicates.addAndGet(answer.body().path("duplicates").asInt());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    sender.start();
                    senders.add(sender);
                }
                go.countDown();
                for (Thread sender : senders) {
                    sender.join(30_000);
                }
            }
            assertThat(failures).as("every request answered 200").isEmpty();
            assertThat(accepted.get()).as("each id accepted by exactly one instance").isEqualTo(BATCHES * PER_BATCH);
            assertThat(duplicates.get()).as("and acknowledged as a duplicate by the other").isEqualTo(BATCHES * PER_BATCH);
            Map<String, Integer> stored = EventSenders.storedIds(dev.brisk.server.support.SharedServices.POSTGRES_URL,
                    cluster.schema());
            assertThat(stored).hasSize(BATCHES * PER_BATCH);
            assertThat(stored.values()).as("stored once each").allMatch(count -> count == 1);
        }
    }
}
