package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static dev.brisk.server.TestService.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.support.ExperimentCounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment through HTTP: refused when invalid, one at a time, users served their variant's
 * model with the experiment in the answer and in the log, explicit models left out, variants
 * cached apart, and results whose counts equal counts taken straight from the database — before
 * and after the experiment is stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExperimentRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        service.putItems("x", 60);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            events.add(event("history" + (i % 9), "x" + (1 + (i * 7) % 40), "view", null));
        }
        service.sendEvents(events);
        service.retrainPopular();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static Map<String, Object> variant(String name, String model, double weight) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", name);
        v.put("model", model);
        v.put("weight", weight);
        return v;
    }

    private static Map<String, Object> experiment(String id, Object variants, String metric) {
        Map<String, Object> e = new HashMap<>();
        e.put("experiment_id", id);
        e.put("name", "Ranking test " + id);
        e.put("variants", variants);
        e.put("primary_metric", metric);
        return e;
    }

    @Test
    @Order(1)
    void anInvalidExperimentIsRefusedWithEveryProblemNamed() {
        TestService.Response r = service.post("/experiments", Map.of("name", "x", "primary_metric", "revenue",
                "variants", List.of(variant("a", "popular", 1), variant("a", "nonsense", 0)), "colour", "red"))
                .assertError(400);
        String message = r.error().path("message").asText();
        assertThat(message).contains("primary_metric").contains("'a' is used twice").contains("nonsense")
                .contains("weight must be a number above 0").contains("unknown field colour");
        assertThat(r.error().path("details").path("problems").size()).isEqualTo(5);
        assertThat(service.post("/experiments", experiment("one", List.of(variant("only", "popular", 1)), "ctr"))
                .assertError(400).error().path("message").asText()).contains("2 to 10 variants");
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(variant("v" + i, "popular", 1));
        }
        service.post("/experiments", experiment("many", eleven, "ctr")).assertError(400);
        Map<String, Object> badParams = variant("b", "popular", 1);
        badParams.put("params", Map.of("weights", Map.of("als", 1)));
        assertThat(service.post("/experiments", experiment("p", List.of(variant("a", "hybrid", 1), badParams), "ctr"))
                .assertError(400).error().path("message").asText()).contains("not applied to popular");
        Map<String, Object> badWeights = variant("b", "hybrid", 1);
        badWeights.put("params", Map.of("weights", Map.of("colour", 1)));
        assertThat(service.post("/experiments", experiment("p", List.of(variant("a", "hybrid", 1), badWeights), "ctr"))
                .assertError(400).error().path("message").asText()).contains("unknown part 'colour'");
        service.post("/experiments", "[1]").assertError(400);
        assertThat(service.send("POST", "/experiments", "{}", "text/plain").status()).isEqualTo(415);
        assertThat(service.get("/experiments").expect(200).path("total_experiments").asInt()).isZero();
        service.get("/experiments/nope").assertError(404);
        service.post("/experiments/nope/stop", "").assertError(404);
        service.get("/experiments/nope/results").assertError(404);
    }

    @Test
    @Order(2)
    void anExperimentIsServedCountedAndStopped() {
        Map<String, Object> treatment = variant("treatment", "hybrid", 1);
        treatment.put("params", Map.of("weights", Map.of("popular", 1, "item_knn", 0.5)));
        JsonNode created = service.post("/experiments", experiment("ranking",
                List.of(variant("control", "popular", 1), treatment), "ctr")).expect(201);
        assertThat(created.path("experiment_id").asText()).isEqualTo("ranking");
        assertThat(created.path("status").asText()).isEqualTo("running");
        assertThat(created.path("started_at").asText()).isNotBlank();
        assertThat(created.path("variants").get(0).path("control").asBoolean()).isTrue();
        assertThat(created.path("variants").get(1).path("share").asDouble()).isEqualTo(0.5);
        assertThat(created.path("variants").get(1).path("params").path("weights").path("item_knn").asDouble())
                .isEqualTo(0.5);

        TestService.Response second = service.post("/experiments", experiment("other",
                List.of(variant("a", "popular", 1), variant("b", "als", 1)), "ctr")).assertError(409);
        assertThat(second.error().path("message").asText()).contains("ranking");
        JsonNode listed = service.get("/experiments").expect(200);
        assertThat(listed.path("total_experiments").asInt()).isEqualTo(1);
        assertThat(listed.path("running").asText()).isEqualTo("ranking");
        assertThat(service.get("/experiments/ranking").expect(200).path("name").asText()).isEqualTo("Ranking test ranking");

        // Every user is served the variant the assignment names, and the answer says so.
        Map<String, String> variantOf = new HashMap<>();
        Map<String, Integer> clicks = new HashMap<>(Map.of("control", 0, "treatment", 0));
        Map<String, Integer> lists = new HashMap<>(Map.of("control", 0, "treatment", 0));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            String user = "exp-user" + u;
            String group = service.get("/users/" + user + "/experiment-group?experiment_id=ranking").expect(200)
                    .path("assigned_group").asText();
            for (int k = 0; k < 1 + u % 3; k++) {
                JsonNode list = service.get("/recommend?user_id=" + user + "&n=5").expect(200);
                assertThat(list.path("experiment").path("id").asText()).isEqualTo("ranking");
                assertThat(list.path("experiment").path("variant").asText()).as(user).isEqualTo(group);
                assertThat(list.path("experiment").path("model").asText())
                        .isEqualTo(group.equals("control") ? "popular" : "hybrid");
                lists.merge(group, 1, Integer::sum);
                // Users of the treatment click twice as often; a click names its list.
                if (k == 0 && (group.equals("treatment") ? u % 2 == 0 : u % 4 == 0)) {
                    String item = list.path("items").get(0).path("item_id").asText();
                    events.add(with(event(user, item, "click", null), "recommendation_id",
                            list.path("request_id").asText()));
                    clicks.merge(group, 1, Integer::sum);
                    if (u % 8 == 0) {
                        events.add(with(event(user, item, "purchase", null), "recommendation_id",
                                list.path("request_id").asText()));
                    }
                }
            }
            variantOf.put(user, group);
        }
        assertThat(variantOf.values()).contains("control", "treatment");

        // A model asked for by name is served as asked, counts for nothing, and is not the variant's cached list.
        String someone = variantOf.entrySet().stream().filter(e -> e.getValue().equals("treatment")).findFirst()
                .orElseThrow().getKey();
        assertThat(service.get("/recommend?user_id=" + someone + "&n=5").expect(200).path("cached").asBoolean())
                .as("the variant's list is cached").isTrue();
        JsonNode explicit = service.get("/recommend?user_id=" + someone + "&n=5&model=hybrid").expect(200);
        lists.merge("treatment", 1, Integer::sum);
        assertThat(explicit.path("experiment").isNull()).isTrue();
        assertThat(explicit.path("cached").asBoolean()).as("not the variant's cached list").isFalse();
        service.sendEvents(events);
        // A purchase that names no list is attributed by the click window to the latest list that showed it.
        String buyer = variantOf.entrySet().stream().filter(e -> e.getValue().equals("control")).findFirst()
                .orElseThrow().getKey();
        JsonNode buyerList = service.get("/recommend?user_id=" + buyer + "&n=5").expect(200);
        lists.merge("control", 1, Integer::sum);
        service.sendEvents(List.of(event(buyer, buyerList.path("items").get(1).path("item_id").asText(), "purchase", null)));
        service.awaitServedListsStored();

        Map<String, ExperimentCounts.Counts> db = ExperimentCounts.of(service.config(), "ranking");
        JsonNode results = service.get("/experiments/ranking/results").expect(200);
        assertThat(results.path("status").asText()).isEqualTo("running");
        assertThat(results.path("primary_metric").asText()).isEqualTo("ctr");
        assertResultsMatch(results, db);
        for (JsonNode v : results.path("variants")) {
            String name = v.path("name").asText();
            assertThat(v.path("lists").asLong()).as("lists of %s, counted by the test", name).isEqualTo(lists.get(name).longValue());
            long usersInGroup = variantOf.values().stream().filter(name::equals).count();
            assertThat(v.path("users_exposed").asLong()).isEqualTo(usersInGroup);
        }
        // Clicks the test sent, plus the purchase without a list that also marks its item clicked.
        JsonNode control = results.path("variants").get(0);
        JsonNode treated = results.path("variants").get(1);
        assertThat(control.path("clicks").asLong()).isEqualTo(clicks.get("control") + 1L);
        assertThat(treated.path("clicks").asLong()).isEqualTo(clicks.get("treatment").longValue());
        assertThat(control.path("purchasers").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(control.path("ctr").path("value").asDouble())
                .isCloseTo(control.path("clicks").asDouble() / control.path("lists").asDouble(), within(1e-12));
        assertThat(control.path("ctr").path("ci95").get(0).asDouble()).isLessThanOrEqualTo(control.path("ctr").path("value").asDouble());
        assertThat(control.path("lift").isNull()).isTrue();
        assertThat(treated.path("lift").path("absolute").asDouble()).isCloseTo(
                treated.path("ctr").path("value").asDouble() - control.path("ctr").path("value").asDouble(), within(1e-12));
        assertThat(treated.path("p_value").isNumber()).as("p_value in %s", treated).isTrue();
        assertThat(treated.path("p_value").asDouble()).isBetween(0.0, 1.0);
        assertThat(treated.path("sequential_p_value").isNumber()).as("sequential_p_value in %s", treated).isTrue();
        assertThat(treated.path("sequential_p_value").asDouble()).isBetween(treated.path("p_value").asDouble(), 1.0);
        assertThat(treated.path("significant").isBoolean()).isTrue();
        assertThat(results.path("srm").path("observed_users").size()).isEqualTo(2);
        assertThat(results.path("srm").path("p_value").isNumber()).isTrue();
        assertThat(results.path("srm").path("p_value").asDouble()).isBetween(0.0, 1.0);
        assertThat(results.path("minimum_detectable_effect").path("absolute").asDouble()).isPositive();
        assertThat(results.path("verdict").asText()).isNotBlank();
        assertThat(results.path("methods").path("sequential_p_value").asText()).contains("Johari");
        assertThat(ExperimentCounts.strayVariantRows(service.config())).isZero();

        JsonNode timeline = service.get("/experiments/ranking/timeline?points=4").expect(200);
        assertThat(timeline.path("points").size()).isEqualTo(4);
        JsonNode last = timeline.path("points").get(3).path("variants");
        assertThat(last.get(0).path("lists").asLong()).isEqualTo(control.path("lists").asLong());
        assertThat(last.get(1).path("users").asLong()).isEqualTo(treated.path("users_exposed").asLong());

        JsonNode stopped = service.post("/experiments/ranking/stop", "").expect(200);
        assertThat(stopped.path("status").asText()).isEqualTo("stopped");
        assertThat(stopped.path("stopped_at").asText()).isNotBlank();
        assertThat(service.post("/experiments/ranking/stop", "").expect(200).path("stopped_at").asText())
                .as("stopping again changes nothing").isEqualTo(stopped.path("stopped_at").asText());
        JsonNode after = service.get("/recommend?user_id=" + someone + "&n=5").expect(200);
        assertThat(after.path("experiment").isNull()).isTrue();
        service.awaitServedListsStored();
        JsonNode kept = service.get("/experiments/ranking/results").expect(200);
        assertThat(kept.path("status").asText()).isEqualTo("stopped");
        assertResultsMatch(kept, ExperimentCounts.of(service.config(), "ranking"));
        assertThat(kept.path("variants").get(0).path("lists").asLong()).isEqualTo(control.path("lists").asLong());
        assertThat(service.get("/users/" + someone + "/experiment-group?experiment_id=ranking").expect(200)
                .path("assigned_group").asText()).isEqualTo("treatment");

        // One stopped, another may start.
        service.post("/experiments", experiment("next", List.of(variant("a", "popular", 1), variant("b", "als", 3)),
                "conversion")).expect(201);
        assertThat(service.get("/experiments").expect(200).path("total_experiments").asInt()).isEqualTo(2);
        service.post("/experiments", experiment("next", List.of(variant("a", "popular", 1), variant("b", "als", 3)),
                "conversion")).assertError(409);
        service.post("/experiments/next/stop", "").expect(200);
    }

    private static void assertResultsMatch(JsonNode results, Map<String, ExperimentCounts.Counts> db) {
        assertThat(db.keySet()).containsExactlyInAnyOrder("control", "treatment");
        for (JsonNode v : results.path("variants")) {
            ExperimentCounts.Counts counted = db.get(v.path("name").asText());
            assertThat(new ExperimentCounts.Counts(v.path("users_exposed").asLong(), v.path("lists").asLong(),
                    v.path("clicks").asLong(), v.path("purchases").asLong(), v.path("purchasers").asLong()))
                    .as("variant %s against the database", v.path("name").asText()).isEqualTo(counted);
        }
    }
}
