package dev.brisk.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.ServiceProcess;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No acknowledged event is lost: several threads stream events with unique ids at a service in
 * a child process, the process is killed with SIGKILL in mid-stream and started again, and every
 * id the service acknowledged is stored exactly once.
 */
class KillRecoveryTest {
    private static final int SENDERS = 8;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void everyAcknowledgedEventSurvivesAKill(String database) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_DEMO_DATA", "false");
        String schema = null;
        String jdbcUrl;
        if (database.equals("sqlite")) {
            jdbcUrl = "jdbc:sqlite:" + dir.resolve("brisk.db");
        } else {
            schema = SharedServices.freshSchema("kill");
            jdbcUrl = SharedServices.POSTGRES_URL;
            env.put("BRISK_DB_USER", SharedServices.POSTGRES_USER);
            env.put("BRISK_DB_SCHEMA", schema);
        }
        env.put("BRISK_DB_URL", jdbcUrl);
        try (ServiceProcess service = new ServiceProcess(env, dir.resolve("service.log"))) {
            service.start();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger refused = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            HttpJson http = new HttpJson(service.port());
            for (int t = 0; t < SENDERS; t++) {
                int thread = t;
                Thread sender = new Thread(() -> send(http, thread, sending, acknowledged, refused));
                sender.start();
                senders.add(sender);
            }
            assertThat(HttpJson.eventually(30_000, () -> acknowledged.size() >= 2_000)).isTrue();
            service.kill();
            sending.set(false);
            for (Thread sender : senders) {
                sender.join(30_000);
            }
            assertThat(refused.get()).as("requests that failed once the process was gone").isPositive();

            service.start();
            Map<String, Integer> stored = storedIds(jdbcUrl, schema);
            List<String> missing = acknowledged.stream().filter(id -> !stored.containsKey(id)).toList();
            assertThat(missing).as("acknowledged but not stored").isEmpty();
            assertThat(stored.values()).as("stored more than once").allMatch(n -> n == 1);
            assertThat(new HttpJson(service.port()).get("/health").status()).isEqualTo(200);
        } finally {
            if (schema != null) {
                SharedServices.dropSchema(schema);
            }
        }
    }

    private static void send(HttpJson http, int thread, AtomicBoolean sending, Set<String> acknowledged,
                             AtomicInteger refused) {
        int n = 0;
        while (sending.get() && n < 1_000_000) {
            int batch = 1 + (n % 20);
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < batch; i++) {
                String id = "k" + thread + "-" + (n++);
                ids.add(id);
                body.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(id).append("\",\"user_id\":\"u")
                        .append(n % 50).append("\",\"item_id\":\"i").append(n % 200).append("\",\"event_type\":\"view\"}");
            }
            try {
                var answer = http.post("/events", body.append("]").toString());
                if (answer.status() == 200 && answer.body().path("accepted").asInt() == batch) {
                    acknowledged.addAll(ids);
                } else {
                    refused.incrementAndGet();
                }
            } catch (IllegalStateException connectionFailed) {
                refused.incrementAndGet();
                if (!sending.get()) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static Map<String, Integer> storedIds(String jdbcUrl, String schema) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = schema == null ? DriverManager.getConnection(jdbcUrl)
                : DriverManager.getConnection(jdbcUrl, SharedServices.POSTGRES_USER, "")) {
            String table = schema == null ? "user_events" : schema + ".user_events";
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT event_id, COUNT(*) FROM " + table + " GROUP BY event_id")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }
}
