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
            List<HttpJson> instances = List.of(new HttpJson(cluster.start("dup-a").port()),
                    new HttpJson(cluster.start("dup-b").port()));
            Totals totals = new Totals();
            for (int n = 0; n < BATCHES; n++) {
                String batch = batch("dup-" + n, "u", n);
                sendAtOnce(instances, List.of(batch, batch), totals);
            }
            assertThat(totals.failures()).as("every request answered 200").isEmpty();
            assertThat(totals.accepted().get()).as("each id accepted by exactly one instance").isEqualTo(BATCHES * PER_BATCH);
            assertThat(totals.duplicates().get()).as("and acknowledged as a duplicate by the other")
                    .isEqualTo(BATCHES * PER_BATCH);
            assertStoredOnceEach(cluster);
        }
    }

    /**
     * The same ids at the same moment through two instances, but for other users on each: the users'
     * locks do not order the two writers, so one of them can meet the other's rows in the unique index
     * of event ids. Each id is stored once, and the instance whose event lost hears of it as a conflict.
     */
    @Test
    void theSameIdsForOtherUsersThroughTwoInstancesAtOnceAreStoredOnceAndTheOthersAreConflicts() throws Exception {
        try (Cluster cluster = new Cluster("conflicts", Map.of("BRISK_VALIDATION_USERS", "0"))) {
            List<HttpJson> instances = List.of(new HttpJson(cluster.start("conf-a").port()),
                    new HttpJson(cluster.start("conf-b").port()));
            Totals totals = new Totals();
            for (int n = 0; n < BATCHES; n++) {
                sendAtOnce(instances, List.of(batch("conf-" + n, "a", n), batch("conf-" + n, "b", n)), totals);
            }
            assertThat(totals.failures()).as("every request answered 200").isEmpty();
            assertThat(totals.accepted().get()).as("each id accepted by exactly one instance").isEqualTo(BATCHES * PER_BATCH);
            assertThat(totals.conflicts().get()).as("and a conflict for the other").isEqualTo(BATCHES * PER_BATCH);
            assertStoredOnceEach(cluster);
        }
    }

    /** PER_BATCH views with ids {@code PREFIX-0..}, of users {@code USERS0..USERS6}. */
    private static String batch(String idPrefix, String userPrefix, int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < PER_BATCH; i++) {
            body.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(idPrefix).append('-').append(i)
                    .append("\",\"user_id\":\"").append(userPrefix).append(i % 7).append("\",\"item_id\":\"i")
                    .append(n % 11).append("\",\"event_type\":\"view\"}");
        }
        return body.append(']').toString();
    }

    private record Totals(AtomicInteger accepted, AtomicInteger duplicates, AtomicInteger conflicts,
                          List<String> failures) {
        Totals() {
            this(new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new ArrayList<>());
        }
    }

    /** Posts body k to instance k, all released at the same moment, and adds up their answers. */
    private static void sendAtOnce(List<HttpJson> instances, List<String> bodies, Totals totals)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int k = 0; k < instances.size(); k++) {
            HttpJson instance = instances.get(k);
            String body = bodies.get(k);
            Thread sender = new Thread(() -> {
                try {
                    go.await();
                    HttpJson.Answer answer = instance.post("/events", body);
                    if (answer.status() != 200) {
                        synchronized (totals.failures()) {
                            totals.failures().add(answer.status() + " " + answer.body());
                        }
                        return;
                    }
                    totals.accepted().addAndGet(answer.body().path("accepted").asInt());
                    totals.duplicates().addAndGet(answer.body().path("duplicates").asInt());
                    totals.conflicts().addAndGet(answer.body().path("conflicts").size());
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

    private static void assertStoredOnceEach(Cluster cluster) throws Exception {
        Map<String, Integer> stored = EventSenders.storedIds(dev.brisk.server.support.SharedServices.POSTGRES_URL,
                cluster.schema());
        assertThat(stored).hasSize(BATCHES * PER_BATCH);
        assertThat(stored.values()).as("stored once each").allMatch(count -> count == 1);
    }
}
