package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ModelInfo;
import dev.brisk.server.TestService;
import dev.brisk.server.store.ClusterStore;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.ModelSnapshotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model stored by an external trainer (as the Spark job stores it: under the external trainer's
 * lease, {@code "engine": "spark"} in its parameters) is served until an operator asks the
 * service's trainer for it: the automatic runs in between train the other models and keep it.
 */
class ExternallyTrainedModelTest {
    @TempDir
    Path dir;

    @Test
    void automaticRunsKeepTheExternallyTrainedVersionUntilAnOperatorAsksForTheModel() throws Exception {
        try (TestService service = TestService.start(dir, false, Map.of("BRISK_TRAIN_AFTER_EVENTS", "40",
                "BRISK_TRAIN_MIN_INTERVAL_SECONDS", "0", "BRISK_TRAIN_INTERVAL_SECONDS", "3600",
                "BRISK_CHANGE_FEED_MS", "100", "BRISK_VALIDATION_USERS", "0"))) {
            postEvents(service, "a", 60);
            service.awaitModelsReady(60);
            assertThat(als(service).path("engine").asText()).isEqualTo("brisk");

            String external = storeAsTheSparkJobDoes(service);
            assertThat(TestService.eventually(Duration.ofSeconds(30), () -> external.equals(als(service).path("version").asText())))
                    .as("the service serves the external version: %s", als(service)).isTrue();
            assertThat(als(service).path("engine").asText()).isEqualTo("spark");
            assertThat(als(service).path("trained_automatically").asBoolean()).isFalse();

            // Enough new events for an automatic run: it trains the others, not als.
            String popular = service.modelVersion("popular");
            postEvents(service, "b", 60);
            assertThat(TestService.eventually(Duration.ofSeconds(60), () -> !popular.equals(service.modelVersion("popular"))
                    && service.get("/models").json().path("last_run").path("events").asInt() >= 120))
                    .as("an automatic run after the external version: %s", service.get("/models").text()).isTrue();
            assertThat(service.get("/models").json().path("last_run").path("left_to_their_engine").toString())
                    .contains("als");
            assertThat(als(service).path("version").asText()).as("als after the automatic run").isEqualTo(external);
            assertThat(als(service).path("engine").asText()).isEqualTo("spark");
            // Read back from the model store (as every other instance reads it): the hybrid's own ALS is not served as als.
            String hybrid = service.modelVersion("hybrid");
            service.restart();
            assertThat(als(service).path("version").asText()).as("als read from the model store").isEqualTo(external);
            assertThat(service.modelVersion("hybrid")).isEqualTo(hybrid);

            // Asked for, the service trains it, and its own version is served (and trained automatically) again.
            assertThat(service.post("/models/als/train", "").status()).isEqualTo(202);
            assertThat(TestService.eventually(Duration.ofSeconds(60), () -> als(service).path("engine").asText().equals("brisk")
                    && als(service).path("state").asText().equals("ready")))
                    .as("the service's own als after POST /models/als/train: %s", als(service)).isTrue();
            assertThat(als(service).path("trained_automatically").asBoolean()).isTrue();
        }
    }

    /** Stores an als version as {@code brisk train --engine spark} does; its version. */
    private static String storeAsTheSparkJobDoes(TestService service) {
        try (Database db = Database.open(service.config().database())) {
            ClusterStore cluster = new ClusterStore(db);
            String holder = "spark:test-job:" + System.currentTimeMillis();
            assertThat(cluster.acquire(ModelStore.EXTERNAL_TRAINER_LEASE, holder, 60_000)).isTrue();
            long now = System.currentTimeMillis();
            String version = java.time.Instant.ofEpochMilli(now).toString();
            ModelInfo info = new ModelInfo(ImplicitAls.TYPE, version, now, 5, 6, 2, 60, Map.of("engine", "spark"));
            ImplicitAls als = ImplicitAls.fromItemFactors(info, List.of("i0", "i1"), new float[] {1, 0}, Catalog.empty(),
                    InteractionMatrix.Settings.defaults(), 2, 0.5, 15, new float[] {0.5f, 0.1f, 0.2f, 0.3f},
                    new boolean[] {true, true});
            ModelStore store = new ModelStore(new ModelSnapshotStore(db), 3, service.config().eventTypes());
            assertThat(store.save(List.of(als), 60, 60, 5, ModelStore.EXTERNAL_TRAINER_LEASE, holder)).isPositive();
            return version;
        }
    }

    private static void postEvents(TestService service, String prefix, int n) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(TestService.event(prefix + "-u" + (i % 6), "i" + (i % 7), "view", null));
        }
        service.post("/events", batch).expect(200);
    }

    private static JsonNode als(TestService service) {
        for (JsonNode m : service.get("/models").expect(200).path("models")) {
            if (m.path("type").asText().equals(ImplicitAls.TYPE)) {
                return m;
            }
        }
        throw new AssertionError("no als in GET /models");
    }
}
