package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.Cluster;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.SharedServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL database, each writing large batches for the same few users at
 * once (each batch spread over several parallel transactions): every user's profile counts every
 * stored event of that user. Without the writers holding their users, two transactions read one
 * profile, each adds its events, and the second write loses the first's.
 */
class ConcurrentProfilesTest {
    private static final int USERS = 12;
    private static final int SENDERS_PER_INSTANCE = 3;
    private static final int BATCHES = 5;
    private static final int PER_BATCH = 450;

    @Test
    void profilesWrittenThroughTwoInstancesAtOnceCountEveryEvent() throws Exception {
        try (Cluster cluster = new Cluster("profiles", Map.of("BRISK_VALIDATION_USERS", "0"))) {
            List<HttpJson> instances = List.of(new HttpJson(cluster.start("prof-a").port()),
                    new HttpJson(cluster.start("prof-b").port()));
            List<String> failures = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < 2 * SENDERS_PER_INSTANCE; s++) {
                int sender = s;
                HttpJson instance = instances.get(s % 2);
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        for (int n = 0; n < BATCHES; n++) {
                            HttpJson.Answer answer = instance.post("/events", batch(sender, n));
                            if (answer.status() != 200 || answer.body().path("accepted").asInt() != PER_BATCH) {
                                synchronized (failures) {
                                    failures.add(answer.status() + " " + answer.body());
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                senders.add(t);
            }
            go.countDown();
            for (Thread t : senders) {
                t.join(120_000);
            }
            assertThat(failures).as("every batch stored whole").isEmpty();
            Map<String, long[]> counts = profileAndStoredCounts(cluster.schema());
            assertThat(counts).hasSize(USERS);
            long total = 0;
            for (Map.Entry<String, long[]> user : counts.entrySet()) {
                assertThat(user.getValue()[0]).as("profile of %s counts each of its stored events", user.getKey())
                        .isEqualTo(user.getValue()[1]);
                total += user.getValue()[1];
            }
            assertThat(total).isEqualTo((long) 2 * SENDERS_PER_INSTANCE * BATCHES * PER_BATCH);
        }
    }

    private static String batch(int sender, int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < PER_BATCH; i++) {
            body.append(i == 0 ? "" : ",").append("{\"event_id\":\"p").append(sender).append('-').append(n).append('-')
                    .append(i).append("\",\"user_id\":\"pu").append((i + n + sender) % USERS)
                    .append("\",\"item_id\":\"i").append(1 + (i * 7 + n) % 300).append("\",\"event_type\":\"view\"}");
        }
        return body.append(']').toString();
    }

    /** Per user: the profile's total interactions and the events stored for the user. */
    private static Map<String, long[]> profileAndStoredCounts(String schema) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(SharedServices.POSTGRES_URL, SharedServices.POSTGRES_USER, "");
             ResultSet rs = c.createStatement().executeQuery("SELECT p.user_id, p.total_interactions,"
                     + " (SELECT COUNT(*) FROM " + schema + ".user_events e WHERE e.user_id = p.user_id)"
                     + " FROM " + schema + ".user_profiles p WHERE p.user_id LIKE 'pu%'")) {
            while (rs.next()) {
                out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return out;
    }
}
