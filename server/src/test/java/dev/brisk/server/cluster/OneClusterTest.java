package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.support.Cluster;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.Seed;
import dev.brisk.server.support.SharedServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL and one Redis are one service: one of them trains, both serve
 * the version it stored, a list cached through one is a hit through the other, a catalog change
 * through one reaches the other within two seconds, a restarted instance serves the stored model
 * at once, and a damaged snapshot is refused while the previous version keeps serving.
 */
class OneClusterTest {
    private Cluster cluster;
    private TestService a;
    private TestService b;
    private HttpJson httpA;
    private HttpJson httpB;

    @BeforeEach
    void start() {
        cluster = new Cluster("cluster", Map.of("BRISK_VALIDATION_USERS", "0"));
        a = cluster.start("instance-a");
        httpA = new HttpJson(a.port());
        Seed.catalogAndEvents(httpA);
        b = cluster.start("instance-b");
        httpB = new HttpJson(b.port());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static Map<String, String> versions(HttpJson http) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode m : http.get("/models").body().path("models")) {
            out.put(m.path("type").asText(), m.path("state").asText() + "@" + m.path("version").asText(""));
        }
        return out;
    }

    private static boolean allReady(HttpJson http) {
        return versions(http).values().stream().allMatch(v -> v.startsWith("ready@"));
    }

    /** This instance's commits the trainer holds: taken from the ingest path, or read back from the table. */
    private static int ownCommits(JsonNode trainingData) {
        return trainingData.path("taken_from_ingest").asInt() + trainingData.path("own_read_back").asInt();
    }

    /** Rows the trainer read from the table that another instance committed. */
    private static int othersCommits(JsonNode trainingData) {
        return trainingData.path("read_from_table").asInt() - trainingData.path("own_read_back").asInt();
    }

    private static List<String> items(JsonNode list) {
        return list.path("items").findValuesAsText("item_id");
    }

    @Test
    void oneInstanceTrainsAndBothServeTheSameVersionsAndShareCachedLists() {
        assertThat(HttpJson.eventually(30_000, () -> allReady(httpA) && versions(httpA).equals(versions(httpB))))
                .as("both instances serve the same versions: A %s, B %s", versions(httpA), versions(httpB)).isTrue();
        JsonNode trainerA = httpA.get("/models").body().path("trainer");
        JsonNode trainerB = httpB.get("/models").body().path("trainer");
        assertThat(trainerA.path("trains").asBoolean()).isTrue();
        assertThat(trainerB.path("trains").asBoolean()).isFalse();
        assertThat(trainerB.path("training_instance").asText()).isEqualTo("instance-a");
        assertThat(trainerB.path("training_data").path("interactions").asInt()).isZero();
        assertThat(httpB.get("/models").body().path("last_run").isEmpty()).as("B never trained").isTrue();
        JsonNode readyB = httpB.get("/ready").body();
        assertThat(readyB.toString()).contains("\"training_instance\":\"instance-a\"");

        JsonNode first = httpA.get("/recommend?user_id=seed3&n=5").body();
        assertThat(first.path("cached").asBoolean()).isFalse();
        JsonNode throughB = httpB.get("/recommend?user_id=seed3&n=5").body();
        assertThat(throughB.path("cached").asBoolean()).as("A's cached list is a hit through B: %s", throughB).isTrue();
        assertThat(items(throughB)).isEqualTo(items(first));
        assertThat(throughB.path("model_version").asText()).isEqualTo(first.path("model_version").asText());

        // Without the cache, B computes the same list from the same model.
        assertThat(httpB.delete("/cache/users/seed4").status()).isEqualTo(200);
        List<String> fromB = items(httpB.get("/recommend?user_id=seed4&n=5").body());
        assertThat(httpA.delete("/cache/users/seed4").status()).isEqualTo(200);
        assertThat(items(httpA.get("/recommend?user_id=seed4&n=5").body())).isEqualTo(fromB).isNotEmpty();

        // The trainer takes its own instance's commits from its ingest path and reads the other's from the table.
        JsonNode dataBefore = httpA.get("/models").body().path("trainer").path("training_data");
        assertThat(httpA.post("/events", "[{\"user_id\":\"via-a\",\"item_id\":\"fresh-a\",\"event_type\":\"view\"},"
                + "{\"user_id\":\"via-a\",\"item_id\":\"fresh-b\",\"event_type\":\"view\"}]").status()).isEqualTo(200);
        assertThat(httpB.post("/events", "[{\"user_id\":\"via-b\",\"item_id\":\"fresh-a\",\"event_type\":\"view\"},"
                + "{\"user_id\":\"via-b\",\"item_id\":\"fresh-b\",\"event_type\":\"view\"},"
                + "{\"user_id\":\"via-b\",\"item_id\":\"fresh-c\",\"event_type\":\"view\"}]").status()).isEqualTo(200);
        // A's own commits come from its ingest path, or read back from the table when a read came between a
        // commit and its hand-off; B's only from the table.
        assertThat(HttpJson.eventually(5_000, () -> {
            JsonNode now = httpA.get("/models").body().path("trainer").path("training_data");
            return now.path("interactions").asInt() == dataBefore.path("interactions").asInt() + 5
                    && ownCommits(now) - ownCommits(dataBefore) == 2;
        })).as("A holds all five new interactions, two of them its own").isTrue();
        JsonNode dataAfter = httpA.get("/models").body().path("trainer").path("training_data");
        assertThat(othersCommits(dataAfter) - othersCommits(dataBefore)).isEqualTo(3);

        // A run asked for through B is run by A and reaches B.
        String before = versions(httpB).get("popular");
        JsonNode asked = httpB.post("/models/popular/train", "{}").body();
        assertThat(asked.path("message").asText()).contains("training instance");
        assertThat(HttpJson.eventually(10_000, () -> !versions(httpB).get("popular").equals(before)
                && versions(httpB).equals(versions(httpA)))).as("B serves A's new popular version").isTrue();
    }

    @Test
    void aCatalogChangeThroughOneInstanceReachesTheOtherWithinTwoSeconds() {
        String top = items(httpB.get("/popular?n=1").body()).get(0);
        assertThat(httpB.get("/items/" + top).body().path("active").asBoolean()).isTrue();
        assertThat(httpA.delete("/items/" + top).status()).isEqualTo(200);
        long deleted = System.currentTimeMillis();
        assertThat(HttpJson.eventually(2_000, () -> !httpB.get("/items/" + top).body().path("active").asBoolean(true)))
                .as("B sees the deactivation within 2 s").isTrue();
        assertThat(System.currentTimeMillis() - deleted).isLessThan(2_500);
        for (String user : List.of("seed1", "seed2", "seed5", "someone-new")) {
            assertThat(items(httpB.get("/recommend?user_id=" + user + "&n=20").body())).as(user).doesNotContain(top);
        }
        assertThat(items(httpB.get("/popular?n=20").body())).doesNotContain(top);

        assertThat(httpA.post("/items", "[{\"item_id\":\"fresh\",\"title\":\"Fresh Arrival\",\"genres\":[\"Drama\"]}]")
                .status()).isEqualTo(200);
        assertThat(HttpJson.eventually(2_000, () -> "Fresh Arrival".equals(httpB.get("/items/fresh").body()
                .path("title").asText()))).as("B knows the new item within 2 s").isTrue();

        assertThat(httpA.patch("/items/fresh", "{\"labels\":[\"new\"],\"properties\":{\"price\":7.5}}").status())
                .isEqualTo(200);
        assertThat(HttpJson.eventually(2_000, () -> {
            JsonNode fresh = httpB.get("/items/fresh").body();
            return fresh.path("labels").toString().equals("[\"new\"]") && fresh.path("properties").path("price").isDouble()
                    && "Fresh Arrival".equals(fresh.path("title").asText());
        })).as("B sees the patched item within 2 s").isTrue();
    }

    @Test
    void aRestartedInstanceServesTheStoredModelsBeforeTrainingAnything() {
        assertThat(HttpJson.eventually(30_000, () -> allReady(httpA))).isTrue();
        Map<String, String> stored = versions(httpA);
        cluster.stop(b);
        cluster.stop(a);
        a = cluster.start("instance-a2");
        httpA = new HttpJson(a.port());
        assertThat(versions(httpA)).as("the stored versions, right after start").isEqualTo(stored);
        assertThat(httpA.get("/models").body().path("last_run").isEmpty()).as("no run of its own").isTrue();
        assertThat(httpA.get("/recommend?user_id=seed2&n=5").body().path("model_version").asText())
                .isEqualTo(stored.get("hybrid").substring("ready@".length()));
        b = cluster.start("instance-b2");
        httpB = new HttpJson(b.port());
        assertThat(versions(httpB)).isEqualTo(stored);
    }

    @Test
    void aDamagedSnapshotIsRefusedAndThePreviousVersionKeepsServing() throws Exception {
        assertThat(HttpJson.eventually(30_000, () -> allReady(httpA) && versions(httpA).equals(versions(httpB))))
                .isTrue();
        Map<String, String> served = versions(httpB);
        List<String> list = items(httpB.get("/recommend?user_id=seed1&n=5&model=als").body());
        // A newer snapshot whose bytes no longer match their checksum, as a torn write would leave it.
        try (Connection c = DriverManager.getConnection(SharedServices.POSTGRES_URL, SharedServices.POSTGRES_USER, "")) {
            c.createStatement().execute("SET search_path TO " + cluster.schema());
            long id;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT MAX(id) FROM model_snapshots")) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_snapshots (version, model_types, format,"
                    + " checksum, size_bytes, payload, events_through, interactions, training_ms, trained_by, created_at)"
                    + " SELECT '2099-01-01T00:00:00Z', model_types, format, checksum, size_bytes,"
                    + " overlay(payload placing '\\x00000000'::bytea from 200), events_through, interactions, training_ms,"
                    + " 'instance-x', created_at FROM model_snapshots WHERE id = ?")) {
                ps.setLong(1, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(HttpJson.eventually(5_000, () -> httpB.get("/models").body().path("trainer")
                .has("last_refused_snapshot"))).as("B refused it").isTrue();
        assertThat(httpB.get("/models").body().path("trainer").path("last_refused_snapshot").asText())
                .contains("checksum");
        assertThat(versions(httpB)).isEqualTo(served);
        httpB.delete("/cache");
        assertThat(items(httpB.get("/recommend?user_id=seed1&n=5&model=als").body())).isEqualTo(list);

        // An instance starting now skips the damaged snapshot and serves the newest good one.
        TestService c = cluster.start("instance-c");
        assertThat(versions(new HttpJson(c.port()))).isEqualTo(served);
    }

    @Test
    void aClickThroughOneInstanceOnAListTheOtherServedAMomentAgoIsAttributed() throws Exception {
        // Fresh users, so that each list is computed and logged by B itself, and clicked through A at once.
        List<String[]> clicks = new ArrayList<>();
        for (int u = 0; u < 10; u++) {
            JsonNode list = httpB.get("/recommend?user_id=across" + u + "&n=3&model=popular").body();
            String item = list.path("items").get(0).path("item_id").asText();
            String request = list.path("request_id").asText();
            assertThat(httpA.post("/events", "{\"user_id\":\"across" + u + "\",\"item_id\":\"" + item
                    + "\",\"event_type\":\"click\",\"recommendation_id\":\"" + request + "\"}").status()).isEqualTo(200);
            clicks.add(new String[] {request, item});
        }
        try (Connection c = DriverManager.getConnection(SharedServices.POSTGRES_URL, SharedServices.POSTGRES_USER, "")) {
            c.createStatement().execute("SET search_path TO " + cluster.schema());
            assertThat(HttpJson.eventually(15_000, () -> clicks.stream().allMatch(click -> clicked(c, click[0], click[1]))))
                    .as("every click attributed to B's list, once B had logged it").isTrue();
        }
        assertThat(httpA.get("/metrics/realtime").body().path("events").path("unattributed_clicks").asLong()).isZero();
    }

    private static boolean clicked(Connection c, String request, String item) {
        try {
            Long[] marks = dev.brisk.server.support.ServedListMarks.of(c, request, item);
            return marks != null && marks[0] != null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
