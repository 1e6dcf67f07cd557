package dev.brisk.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.EventSenders;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.ServiceProcess;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            EventSenders senders = new EventSenders(SENDERS, List.of(new HttpJson(service.port())));
            assertThat(HttpJson.eventually(30_000, () -> senders.acknowledged().size() >= 2_000)).isTrue();
            service.kill();
            senders.stop();
            assertThat(senders.refused()).as("requests that failed once the process was gone").isPositive();
            Set<String> acknowledged = senders.acknowledged();

            service.start();
            Map<String, Integer> stored = EventSenders.storedIds(jdbcUrl, schema);
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
}
