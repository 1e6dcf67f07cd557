package dev.brisk.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The models through the HTTP API of the real service (SQLite file, demo data: 1,200 items in
 * twelve latent taste clusters tied to genres, 500 users, 50,000 events): freshness after one
 * event, similar items, anonymous sessions, rotation, and the models' lifecycle endpoints.
 */
class RealTimeModelsHttpTest {
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        // No background retraining during the tests: versions stay put unless a test asks.
        service = new RunningService(Map.of("BRISK_TRAIN_INTERVAL_SECONDS", "3600",
                "BRISK_TRAIN_AFTER_EVENTS", "100000000", "BRISK_VALIDATION_USERS", "200"));
        service.awaitModelsReady();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    private static JsonNode recommend(String user, String model, int n) {
        RunningService.Answer answer = service.get("/recommend?user_id=" + user + "&n=" + n + "&model=" + model);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(item -> out.add(item.path("item_id").asText()));
        return out;
    }

    private static long withGenre(JsonNode list, String genre) {
        long count = 0;
        for (JsonNode item : list.path("items")) {
            for (JsonNode g : item.path("genres")) {
                if (g.asText().equals(genre)) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    private static List<String> popular(String genre, int n) {
        return ids(service.get("/popular?n=" + n + "&genre=" + genre).body());
    }

    /**
     * The most popular established items (in the catalog since before the demo history began)
     * whose first genre is {@code genre}. In the demo data an item's first genre comes from its
     * own taste cluster, and Animation and Horror each belong to one cluster only: these items are
     * the core of that cluster, not new releases that everybody samples.
     */
    private static List<String> clusterCore(String genre, int n) {
        long historyStart = System.currentTimeMillis() - 43L * 86_400_000L;
        List<String> out = new ArrayList<>();
        for (JsonNode item : service.get("/popular?n=100&genre=" + genre).body().path("items")) {
            String id = item.path("item_id").asText();
            if (out.size() < n && item.path("genres").path(0).asText().equals(genre)
                    && Instant.parse(service.get("/items/" + id).body().path("created_at").asText())
                            .toEpochMilli() < historyStart) {
                out.add(id);
            }
        }
        assertThat(out).hasSize(n);
        return out;
    }

    private static void post(String user, String item, String type) {
        RunningService.Answer answer = service.post("/events",
                "{\"user_id\":\"" + user + "\",\"item_id\":\"" + item + "\",\"event_type\":\"" + type + "\"}");
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().path("accepted").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"als", "item_knn", "hybrid"})
    void oneAcknowledgedEventTurnsTheVeryNextListTowardItsCluster(String model) {
        // A visitor into family animation: two views in that cluster.
        String user = "fresh-" + model;
        for (String item : clusterCore("Animation", 2)) {
            post(user, item, "view");
        }
        JsonNode before = recommend(user, model, 10);
        assertThat(recommend(user, model, 10).path("cached").asBoolean()).isTrue();
        long horrorBefore = withGenre(before, "Horror") + withGenre(before, "Thriller");

        // One purchase of a horror film ties them strongly to the horror cluster.
        String horror = clusterCore("Horror", 1).get(0);
        post(user, horror, "purchase");

        JsonNode after = recommend(user, model, 10);
        assertThat(after.path("cached").asBoolean()).isFalse();
        assertThat(after.path("model").asText()).isEqualTo(model);
        assertThat(ids(after)).isNotEqualTo(ids(before)).doesNotContain(horror);
        // The horror cluster's genres are Horror and Thriller (an item with both counts twice).
        long horrorAfter = withGenre(after, "Horror") + withGenre(after, "Thriller");
        System.out.println("freshness " + model + ": horror/thriller labels in the top 10 " + horrorBefore + " -> " + horrorAfter);
        assertThat(horrorAfter).as("before: " + before + "; after: " + after).isGreaterThanOrEqualTo(horrorBefore + 3);
        boolean namesThePurchase = false;
        for (JsonNode item : after.path("items")) {
            for (JsonNode because : item.path("because_of")) {
                namesThePurchase |= because.asText().equals(horror);
            }
        }
        assertThat(namesThePurchase).as("an explanation names the purchased film").isTrue();
    }

    @Test
    void documentedRoutesAreServedAndAcceptTheirDocumentedQueryParameters() throws Exception {
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                RealTimeModelsHttpTest.class.getResourceAsStream("/openapi.json"));
        var served = service.routes();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                assertThat(served).contains(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        assertThat(service.get("/recommend?user_id=u5&n=3&model=als&exclude_seen=false&genre=Drama&exclude=i1,i2").status())
                .isEqualTo(200);
        assertThat(service.get("/items/i7/similar?n=3").status()).isEqualTo(200);
        assertThat(service.get("/models").status()).isEqualTo(200);
    }

    @Test
    void theDefaultModelIsTheHybridAndEveryModelIsListedWithItsFigures() {
        assertThat(recommend("u3", "hybrid", 5).path("model").asText()).isEqualTo("hybrid");
        JsonNode plain = service.get("/recommend?user_id=u3&n=5").body();
        assertThat(plain.path("model").asText()).isEqualTo("hybrid");

        JsonNode models = service.get("/models").body();
        assertThat(models.path("default").asText()).isEqualTo("hybrid");
        List<String> types = new ArrayList<>();
        for (JsonNode m : models.path("models")) {
            types.add(m.path("type").asText());
            assertThat(m.path("version").asText()).isNotEmpty();
            assertThat(m.path("trained_at").asText()).isNotEmpty();
            assertThat(m.path("training_ms").isNumber()).isTrue();
            assertThat(m.path("interactions").asInt()).isGreaterThan(40_000);
            assertThat(m.path("offline_metrics").path("ndcg@10").isNumber()).as(m.toString()).isTrue();
            assertThat(m.path("parameters").path("offline_metrics").path("recall@20").isNumber()).isTrue();
        }
        assertThat(types).containsExactly("popular", "item_knn", "als", "content", "hybrid");
        JsonNode als = models.path("models").get(2);
        assertThat(als.path("parameters").path("factors").asInt()).isEqualTo(64);
        assertThat(models.path("last_run").path("events").asInt()).isGreaterThan(40_000);
    }

    @Test
    void trainingOneModelIsAcceptedAndReplacesItsVersion() {
        String before = service.get("/models").body().path("models").get(2).path("version").asText();
        JsonNode cachedBefore = recommend("u11", "als", 5);
        assertThat(recommend("u11", "als", 5).path("cached").asBoolean()).as("u11's als list is cached").isTrue();
        RunningService.Answer answer = service.post("/models/als/train", "{}");
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().path("type").asText()).isEqualTo("als");
        RunningService.eventually(120_000, () -> {
            JsonNode als = service.get("/models").body().path("models").get(2);
            return "ready".equals(als.path("state").asText()) && !als.path("version").asText().equals(before);
        });
        assertThat(service.post("/models/nope/train", "{}").status()).isEqualTo(404);
        // The list cached before the new version is not served after it.
        JsonNode after = recommend("u11", "als", 5);
        assertThat(after.path("cached").asBoolean()).isFalse();
        assertThat(after.path("model_version").asText()).isNotEqualTo(cachedBefore.path("model_version").asText())
                .isEqualTo(service.get("/models").body().path("models").get(2).path("version").asText());
    }

    @Test
    void similarItemsComeFromItemKnnOrFromContentForANewItem() {
        RunningService.Answer similar = service.get("/items/i7/similar?n=5");
        assertThat(similar.status()).isEqualTo(200);
        assertThat(similar.body().path("item_id").asText()).isEqualTo("i7");
        assertThat(similar.body().path("model").asText()).isEqualTo("item_knn");
        assertThat(ids(similar.body())).hasSize(5).doesNotContain("i7").doesNotHaveDuplicates();
        JsonNode first = similar.body().path("items").get(0);
        assertThat(first.path("rank").asInt()).isEqualTo(1);
        assertThat(first.path("reason").asText()).isEqualTo("similar");
        assertThat(first.path("explanation").asText()).contains(similar.body().path("title").asText());

        assertThat(service.put("/items/brand-new", "{\"title\":\"Brand New Horror\",\"genres\":[\"Horror\"]}").status())
                .isEqualTo(201);
        // Models trained before the item existed know nothing of it.
        assertThat(service.get("/items/brand-new/similar").body().path("items").size()).isZero();

        assertThat(service.get("/items/no-such-item/similar").status()).isEqualTo(404);
        assertThat(service.get("/items/i7/similar?n=0").status()).isEqualTo(400);
        assertThat(service.get("/items/i7/similar?n=5&genre=Drama").status()).isEqualTo(400);
    }

    @Test
    void anAnonymousSessionGetsAListFromTheInteractionsInTheBody() {
        List<String> animation = clusterCore("Animation", 3);
        String body = "{\"interactions\":["
                + "{\"item_id\":\"" + animation.get(0) + "\",\"event_type\":\"view\"},"
                + "{\"item_id\":\"" + animation.get(1) + "\",\"event_type\":\"like\",\"timestamp\":\"2025-01-01T10:00:00Z\"},"
                + "{\"item_id\":\"" + animation.get(2) + "\",\"event_type\":\"rating\",\"rating\":4.5}],"
                + "\"n\":8,\"exclude\":[\"i1\"]}";
        RunningService.Answer answer = service.post("/recommend/session", body);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode list = answer.body();
        assertThat(list.path("model").asText()).isEqualTo("hybrid");
        assertThat(list.path("user_id").isNull()).isTrue();
        assertThat(list.path("cached").asBoolean()).isFalse();
        assertThat(list.path("cold_start").asBoolean()).isFalse();
        assertThat(ids(list)).hasSize(8).doesNotContainAnyElementsOf(animation).doesNotContain("i1");
        assertThat(list.path("items").get(0).path("reason").asText()).isIn("because_you", "genre");
        assertThat(withGenre(list, "Animation") + withGenre(list, "Family") + withGenre(list, "Comedy")).isPositive();

        // Nothing was stored for anyone.
        assertThat(service.get("/users/anonymous/activity").body().path("events").size()).isZero();

        // Genre and model as on /recommend.
        String horrorOnly = "{\"interactions\":[{\"item_id\":\"" + animation.get(0) + "\",\"event_type\":\"view\"}],"
                + "\"n\":5,\"genre\":\"Horror\",\"model\":\"item_knn\",\"exclude_seen\":false}";
        JsonNode horror = service.post("/recommend/session", horrorOnly).body();
        assertThat(horror.path("model").asText()).isEqualTo("item_knn");
        assertThat(withGenre(horror, "Horror")).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"interactions\":[]}",
        "{\"interactions\":\"i1\"}",
        "{\"interactions\":[{\"item_id\":\"i1\"}]}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"watch\"}]}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"rating\"}]}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\",\"user_id\":\"u1\"}]}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\"}],\"n\":0}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\"}],\"n\":\"ten\"}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\"}],\"model\":\"magic\"}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\"}],\"exclude\":\"i2\"}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\"}],\"exclude_seen\":\"yes\"}",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\"}],\"colour\":\"red\"}",
        "[{\"item_id\":\"i1\",\"event_type\":\"view\"}]",
        "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\"}"
    })
    void aBadSessionBodyIsA400ThatSaysWhatIsWrong(String body) {
        RunningService.Answer answer = service.post("/recommend/session", body);
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.body().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void aSessionBodyMustBeJson() {
        assertThat(service.post("/recommend/session", "item_id=i1", "application/x-www-form-urlencoded").status())
                .isEqualTo(415);
        assertThat(service.post("/recommend/session", "", "application/json").status()).isEqualTo(400);
    }

    @Test
    void anItemShownManyTimesWithoutAClickIsRotatedOut() {
        String user = "u42";
        JsonNode before = recommend(user, "hybrid", 5);
        String top = ids(before).get(0);

        post(user, top, "impression");
        post(user, top, "impression");
        assertThat(ids(recommend(user, "hybrid", 5)).get(0)).as("two impressions are not enough").isEqualTo(top);

        post(user, top, "impression");
        JsonNode after = recommend(user, "hybrid", 5);
        assertThat(ids(after)).doesNotContain(top).hasSize(5);
        assertThat(ids(after).subList(0, 4)).isEqualTo(ids(before).subList(1, 5));

        // Shown to a cold-start visitor too: popular items rotate as well.
        String newcomer = "rotating-newcomer";
        String first = ids(recommend(newcomer, "hybrid", 3)).get(0);
        for (int k = 0; k < 3; k++) {
            post(newcomer, first, "impression");
        }
        JsonNode rotated = recommend(newcomer, "hybrid", 3);
        assertThat(rotated.path("cold_start").asBoolean()).isTrue();
        assertThat(ids(rotated)).doesNotContain(first);
    }
}
