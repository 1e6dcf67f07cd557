package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.support.Cluster;
import dev.brisk.server.support.ExperimentCounts;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.Seed;
import dev.brisk.server.support.SharedServices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An experiment on two instances sharing one PostgreSQL and one Redis: started through one, the
 * other serves it within seconds; both assign every user to the same variant, both log their lists
 * with it, both answer the same results, equal to counts taken straight from the database; stopped
 * through the other, neither serves it any more.
 */
class ExperimentClusterTest {
    private Cluster cluster;
    private TestService a;
    private TestService b;
    private HttpJson httpA;
    private HttpJson httpB;

    @BeforeEach
    void start() {
        cluster = new Cluster("experiments", Map.of("BRISK_VALIDATION_USERS", "0"));
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

    @Test
    void bothInstancesAssignServeAndCountOneExperimentTheSame() {
        HttpJson.Answer created = httpA.post("/experiments", """
                {"experiment_id": "shared", "name": "Two instances", "primary_metric": "ctr",
                 "variants": [{"name": "control", "model": "popular", "weight": 1},
                              {"name": "treatment", "model": "item_knn", "weight": 1}]}""");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        assertThat(HttpJson.eventually(5_000, () -> "shared".equals(httpB.get("/experiments").body().path("running").asText())))
                .as("B sees the experiment start").isTrue();

        Map<String, String> variants = new HashMap<>();
        List<String> clicks = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            String user = "cluster-user" + u;
            String viaA = httpA.get("/users/" + user + "/experiment-group?experiment_id=shared").body()
                    .path("assigned_group").asText();
            String viaB = httpB.get("/users/" + user + "/experiment-group?experiment_id=shared").body()
                    .path("assigned_group").asText();
            assertThat(viaB).as(user).isEqualTo(viaA);
            // Each user is served once through each instance (B from the list A cached), with the same variant.
            JsonNode listA = httpA.get("/recommend?user_id=" + user + "&n=5").body();
            JsonNode listB = httpB.get("/recommend?user_id=" + user + "&n=5").body();
            assertThat(listA.path("experiment").path("variant").asText()).isEqualTo(viaA);
            assertThat(listB.path("experiment").path("variant").asText()).isEqualTo(viaA);
            if (u % 3 == 0) {
                String item = listB.path("items").get(0).path("item_id").asText();
                clicks.add("{\"user_id\":\"" + user + "\",\"item_id\":\"" + item
                        + "\",\"event_type\":\"click\",\"recommendation_id\":\"" + listB.path("request_id").asText()
                        + "\"}");
            }
            variants.put(user, viaA);
        }
        assertThat(variants.values()).contains("control", "treatment");
        a.brisk().flushRecommendationLogs();
        b.brisk().flushRecommendationLogs();
        assertThat(HttpJson.eventually(10_000, () -> {
            Map<String, ExperimentCounts.Counts> db = ExperimentCounts.of(a.config(), "shared");
            long lists = db.values().stream().mapToLong(ExperimentCounts.Counts::lists).sum();
            return lists == 60;
        })).as("both instances logged every list with its variant").isTrue();
        // Clicks on B's lists, sent through A now that B has logged them (an instance waits only for its own log).
        assertThat(httpA.post("/events", "[" + String.join(",", clicks) + "]").body().path("accepted").asInt())
                .isEqualTo(10);

        Map<String, ExperimentCounts.Counts> db = ExperimentCounts.of(a.config(), "shared");
        JsonNode resultsA = httpA.get("/experiments/shared/results").body();
        JsonNode resultsB = httpB.get("/experiments/shared/results").body();
        for (int i = 0; i < 2; i++) {
            JsonNode va = resultsA.path("variants").get(i);
            JsonNode vb = resultsB.path("variants").get(i);
            ExperimentCounts.Counts counted = db.get(va.path("name").asText());
            assertThat(counted).as("variant %s in the database", va.path("name").asText()).isNotNull();
            for (JsonNode v : new JsonNode[] {va, vb}) {
                assertThat(new ExperimentCounts.Counts(v.path("users_exposed").asLong(), v.path("lists").asLong(),
                        v.path("clicks").asLong(), v.path("purchases").asLong(), v.path("purchasers").asLong()))
                        .isEqualTo(counted);
            }
            assertThat(vb.path("ctr")).isEqualTo(va.path("ctr"));
            long users = variants.values().stream().filter(va.path("name").asText()::equals).count();
            assertThat(va.path("users_exposed").asLong()).isEqualTo(users);
            assertThat(va.path("lists").asLong()).isEqualTo(2 * users);
        }
        assertThat(db.values().stream().mapToLong(ExperimentCounts.Counts::clicks).sum()).isEqualTo(10);

        assertThat(httpB.post("/experiments/shared/stop", "").status()).isEqualTo(200);
        assertThat(HttpJson.eventually(5_000, () -> httpA.get("/recommend?user_id=cluster-user1&n=5").body()
                .path("experiment").isNull())).as("A stops serving it").isTrue();
        assertThat(httpA.get("/experiments/shared").body().path("status").asText()).isEqualTo("stopped");
    }
}
