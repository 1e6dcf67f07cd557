package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.support.EventSenders;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.ServiceProcess;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training instance is killed with SIGKILL while both instances take events: the other one
 * takes the trainer's lease and trains within 30 s (the lease lives 15 s), its training data holds
 * every stored event, and every event either instance acknowledged is stored exactly once.
 */
class TrainerFailoverTest {
    @TempDir
    Path dir;

    @Test
    void theOtherInstanceTrainsWithinThirtySecondsAndNoAcknowledgedEventIsLost() throws Exception {
        String schema = SharedServices.freshSchema("failover");
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_DEMO_DATA", "false");
        env.put("BRISK_DB_URL", SharedServices.POSTGRES_URL);
        env.put("BRISK_DB_USER", SharedServices.POSTGRES_USER);
        env.put("BRISK_DB_SCHEMA", schema);
        env.put("BRISK_REDIS_URL", SharedServices.REDIS_URL);
        env.put("BRISK_REDIS_PREFIX", SharedServices.freshRedisPrefix("failover"));
        env.put("BRISK_VALIDATION_USERS", "0");
        env.put("BRISK_TRAIN_AFTER_EVENTS", "500");
        env.put("BRISK_TRAIN_MIN_INTERVAL_SECONDS", "1");
        Map<String, String> envA = new HashMap<>(env);
        envA.put("BRISK_INSTANCE_ID", "first");
        Map<String, String> envB = new HashMap<>(env);
        envB.put("BRISK_INSTANCE_ID", "second");
        try (ServiceProcess a = new ServiceProcess(envA, dir.resolve("a.log"));
             ServiceProcess b = new ServiceProcess(envB, dir.resolve("b.log"))) {
            a.start();
            b.start();
            HttpJson httpA = new HttpJson(a.port());
            HttpJson httpB = new HttpJson(b.port());
            assertThat(trainer(httpA).path("trains").asBoolean()).isTrue();
            assertThat(trainer(httpB).path("training_instance").asText()).isEqualTo("first");

            EventSenders senders = new EventSenders(4, List.of(httpA, httpB));
            assertThat(HttpJson.eventually(30_000, () -> senders.acknowledged().size() >= 2_000)).isTrue();
            a.kill();
            long killed = System.currentTimeMillis();
            assertThat(HttpJson.eventually(30_000, () -> trainer(httpB).path("trains").asBoolean()))
                    .as("the second instance holds the trainer's lease within 30 s").isTrue();
            assertThat(HttpJson.eventually(Math.max(1, 30_000 - (System.currentTimeMillis() - killed)),
                    () -> "second".equals(httpB.get("/models").body().path("last_run").path("trained_by").asText())))
                    .as("and has trained within 30 s of the kill: %s", httpB.get("/models").body()).isTrue();
            senders.stop();
            assertThat(senders.refused()).as("requests to the killed instance failed").isPositive();

            Map<String, Integer> stored = EventSenders.storedIds(SharedServices.POSTGRES_URL, schema);
            assertThat(senders.acknowledged().stream().filter(id -> !stored.containsKey(id)).toList())
                    .as("acknowledged but not stored").isEmpty();
            assertThat(stored.values()).as("stored more than once").allMatch(n -> n == 1);
            assertThat(HttpJson.eventually(10_000, () -> trainer(httpB).path("training_data").path("interactions")
                    .asInt() == stored.size())).as("the new trainer's data holds every stored event (%s stored): %s",
                    stored.size(), trainer(httpB)).isTrue();
            assertThat(httpB.get("/recommend?user_id=u7&n=5").status()).isEqualTo(200);
        } finally {
            SharedServices.dropSchema(schema);
        }
    }

    private static JsonNode trainer(HttpJson http) {
        return http.get("/models").body().path("trainer");
    }
}
