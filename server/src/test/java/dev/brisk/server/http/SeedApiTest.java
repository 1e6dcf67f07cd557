package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API of the system Brisk replaces (SEED-API.md), called as its clients call it: integer ids,
 * the seed's model and event names, bodyless POSTs without Content-Type; every field those clients
 * read is checked. Runs on SQLite and again on PostgreSQL with the rest of the HTTP suite.
 */
class SeedApiTest {
    private static final String[] GENRES = {"Drama", "Comedy", "Sci-Fi", "Thriller"};

    @TempDir
    static Path dir;
    static TestService service;

    /**
     * A catalog of 40 movies with integer ids, and 12 background users who watched overlapping
     * runs of them, so that popularity and item-kNN have something to say; every model trained on it.
     */
    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            items.add(Map.of("item_id", i, "title", "Movie " + i, "genres", List.of(GENRES[i % GENRES.length])));
        }
        assertThat(service.post("/items", items).status()).isEqualTo(200);
        List<Map<String, Object>> background = new ArrayList<>();
        for (int u = 1; u <= 12; u++) {
            for (int i = u; i < u + 10; i++) {
                background.add(Map.of("user_id", "bg" + u, "item_id", i, "event_type", i % 3 == 0 ? "click" : "view"));
            }
        }
        service.sendEvents(background);
        assertThat(service.post("/models/popular/train", "").status()).isEqualTo(202);
        assertThat(service.post("/models/hybrid/train", "").status()).isEqualTo(202); // and its parts
        service.awaitModelsReady(background.size());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** The seed's demonstration flow, in its order (SEED-API.md, last paragraph). */
    @Test
    void theSeedsDemonstrationFlowRunsUnchanged() {
        JsonNode health = service.get("/health").expect(200);
        assertThat(health.path("status").asText()).isEqualTo("healthy");
        assertThat(health.path("service").asText()).isNotBlank();
        assertThat(health.path("version").asText()).isNotBlank();

        // 8 events for user 1001 in one session: views, clicks, two rates.
        String session = "demo-session-1001";
        Object[][] demo = {{"view", 1, null}, {"view", 2, null}, {"click", 2, null}, {"view", 3, null},
            {"rate", 2, 4.5}, {"click", 3, null}, {"view", 4, null}, {"rate", 3, 3.5}};
        LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).minusMinutes(10);
        for (int i = 0; i < demo.length; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("user_id", 1001);
            event.put("item_id", demo[i][1]);
            event.put("event_type", demo[i][0]);
            event.put("session_id", session);
            event.put("timestamp", start.plusSeconds(30L * i).toString()); // Python's isoformat(): no offset
            event.put("metadata", Map.of("step", i, "page", "demo"));
            if (demo[i][2] != null) {
                event.put("rating", demo[i][2]);
            }
            JsonNode ack = service.post("/events", event).expect(200);
            assertThat(ack.path("status").asText()).as("event %d: %s", i, ack).isEqualTo("success");
            assertThat(ack.path("event_id").asText()).isNotBlank();
        }

        JsonNode activity = service.get("/users/1001/activity?limit=50").expect(200);
        assertThat(activity.path("user_id").asText()).isEqualTo("1001");
        assertThat(activity.path("total_events").asInt()).isEqualTo(8);
        JsonNode recent = activity.path("recent_events");
        assertThat(recent.size()).isEqualTo(8);
        Instant previous = Instant.MAX;
        for (int i = 0; i < 8; i++) {
            JsonNode e = recent.get(i);
            Object[] sent = demo[7 - i]; // newest first
            Instant at = Instant.parse(e.path("timestamp").asText());
            assertThat(at).isBefore(previous);
            previous = at;
            assertThat(e.path("event_type").asText()).isEqualTo(sent[0]);
            assertThat(e.path("item_id").asText()).isEqualTo(sent[1].toString());
            if (sent[2] == null) {
                assertThat(e.path("rating").isNull()).as("rating of %s", e).isTrue();
            } else {
                assertThat(e.path("rating").asDouble()).isEqualTo((Double) sent[2]);
            }
            assertThat(e.path("session_id").asText()).isEqualTo(session);
            assertThat(e.path("source").asText()).isEqualTo("web");
            assertThat(e.path("metadata").path("step").asInt()).isEqualTo(7 - i);
        }
        assertThat(Instant.parse(recent.get(0).path("timestamp").asText()))
                .isEqualTo(start.plusSeconds(30L * 7).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));

        // The same recommendation twice: computed, then from the cache.
        String ask = "{\"user_id\": 1001, \"n_recommendations\": 5, \"model_type\": \"hybrid\"}";
        JsonNode first = recommendation(ask, "1001");
        assertThat(first.path("cached").asBoolean()).isFalse();
        JsonNode second = recommendation(ask, "1001");
        assertThat(second.path("cached").asBoolean()).as("the second identical request is a cache hit").isTrue();
        assertThat(itemIds(second)).isEqualTo(itemIds(first));
        assertThat(itemIds(first)).as("seen items are excluded").doesNotContain("1", "2", "3", "4");

        JsonNode stats = service.get("/cache/stats").expect(200);
        JsonNode performance = stats.path("performance_metrics");
        assertThat(performance.path("hits").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(performance.path("misses").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(performance.path("total_requests").asLong())
                .isEqualTo(performance.path("hits").asLong() + performance.path("misses").asLong());
        assertThat(performance.path("hit_rate").asDouble()).isBetween(0.0, 1.0)
                .isEqualTo(stats.path("hit_rate").asDouble(), org.assertj.core.data.Offset.offset(0.0001));
        Instant.parse(performance.path("timestamp").asText());
        // The suite's PostgreSQL run pairs the service with Redis; the SQLite run caches in memory.
        assertThat(stats.path("cache_system").path("redis_available").asBoolean()).isEqualTo(TestService.onPostgres());
        if (!TestService.onPostgres()) {
            assertThat(stats.path("cache_system").path("memory_cache_size").asLong()).isGreaterThanOrEqualTo(1);
        }

        JsonNode invalidated = bodyless("/cache/invalidate/1001");
        assertThat(invalidated.path("status").asText()).isEqualTo("success");
        assertThat(invalidated.path("message").asText()).contains("1001");
        assertThat(invalidated.path("dropped").asLong()).isGreaterThanOrEqualTo(1);

        JsonNode third = recommendation(ask, "1001");
        assertThat(third.path("cached").asBoolean()).as("computed again after the invalidation").isFalse();

        JsonNode realtime = service.get("/metrics/realtime").expect(200);
        JsonNode events = realtime.path("event_metrics");
        for (String type : List.of("view", "click", "rate", "purchase")) {
            assertThat(events.path(type + "_count").isIntegralNumber()).as("%s_count in %s", type, events).isTrue();
            assertThat(events.path(type + "_last_hour").isIntegralNumber()).as("%s_last_hour", type).isTrue();
        }
        assertThat(events.path("rate_count").asLong()).isEqualTo(2);
        assertThat(events.path("rate_last_hour").asLong()).isEqualTo(2);
        assertThat(events.path("view_count").asLong()).isGreaterThanOrEqualTo(4 + 12 * 6);
        assertThat(events.path("view_last_hour").asLong()).isGreaterThanOrEqualTo(4);
        JsonNode cache = realtime.path("cache_metrics");
        assertThat(cache.path("redis_available").isBoolean()).isTrue();
        assertThat(cache.path("memory_cache_size").isIntegralNumber()).isTrue();
        assertThat(cache.has("redis_memory_used")).isTrue();
        assertThat(cache.path("redis_cached_recommendations").isIntegralNumber()).isTrue();
        Instant.parse(realtime.path("timestamp").asText());

        // Five users with a few random events and a recommendation each.
        Random random = new Random(5);
        String[] types = {"view", "click", "rate", "purchase"};
        for (int user = 2001; user <= 2005; user++) {
            for (int k = 0; k < 3 + random.nextInt(3); k++) {
                String type = types[random.nextInt(types.length)];
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("user_id", user);
                event.put("item_id", 1 + random.nextInt(40));
                event.put("event_type", type);
                if (type.equals("rate")) {
                    event.put("rating", 1 + random.nextInt(5));
                }
                assertThat(service.post("/events", event).expect(200).path("status").asText()).isEqualTo("success");
            }
            recommendation("{\"user_id\": " + user + "}", Integer.toString(user));
        }
    }

    /** The other calls of SEED-API.md, each with the fields its clients read. */
    @Test
    void everyOtherSeedCallAnswersWhatItsClientsRead() {
        for (int item : new int[] {7, 8, 9}) {
            service.sendEvents(List.of(Map.of("user_id", 3001, "item_id", item, "event_type", "view",
                    "metadata", Map.of("shelf", "new"))));
        }
        service.sendEvents(List.of(Map.of("user_id", 3002, "item_id", 7, "event_type", "purchase")));

        JsonNode profile = service.get("/users/3001/profile").expect(200);
        assertThat(profile.path("user_id").asText()).isEqualTo("3001");
        assertThat(profile.path("total_interactions").asInt()).isEqualTo(3);
        assertThat(profile.path("favorite_genres").isArray()).isTrue();
        assertThat(profile.has("avg_rating")).isTrue();
        Instant.parse(profile.path("last_activity").asText());

        JsonNode itemActivity = service.get("/items/7/activity?limit=100").expect(200);
        assertThat(itemActivity.path("item_id").asText()).isEqualTo("7");
        assertThat(itemActivity.path("total_events").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode newest = itemActivity.path("recent_events").get(0);
        assertThat(newest.path("user_id").asText()).isEqualTo("3002");
        assertThat(newest.path("event_type").asText()).isEqualTo("purchase");
        Instant.parse(newest.path("timestamp").asText());
        assertThat(itemActivity.path("recent_events").findValuesAsText("user_id")).contains("3001");

        JsonNode movie = service.get("/movies/7").expect(200);
        assertThat(movie.path("movie_id").asText()).isEqualTo("7");
        assertThat(movie.path("title").asText()).isEqualTo("Movie 7");
        assertThat(movie.path("genres").get(0).asText()).isEqualTo(GENRES[7 % GENRES.length]);

        JsonNode similar = service.get("/movies/7/similar?n_similar=5").expect(200);
        assertThat(similar.path("movie_id").asText()).isEqualTo("7");
        assertThat(similar.path("similar_movies").size()).isBetween(1, 5);
        for (JsonNode m : similar.path("similar_movies")) {
            assertThat(m.path("item_id").asText()).isNotEqualTo("7");
            assertThat(m.path("title").asText()).startsWith("Movie ");
            assertThat(m.path("score").isNumber()).isTrue();
        }

        JsonNode compared = bodyless("/compare-models?user_id=3001&n_recommendations=3");
        assertThat(compared.path("user_id").asText()).isEqualTo("3001");
        assertThat(names(compared.path("models"))).containsExactly("popularity", "collaborative", "content_based", "hybrid");
        compared.path("models").forEach(list -> {
            assertThat(list.size()).isBetween(1, 3);
            list.forEach(SeedApiTest::assertRecommendedItem);
        });
        assertThat(compared.path("served_by").path("collaborative").path("model").asText()).isEqualTo("als");
        assertThat(compared.path("served_by").path("popularity").path("model").asText()).isEqualTo("popular");

        JsonNode explained = service.get("/users/3001/explain?model_type=content_based").expect(200);
        assertThat(explained.path("user_id").asText()).isEqualTo("3001");
        assertThat(explained.path("model").asText()).isEqualTo("content");
        assertThat(explained.path("explanation").asText()).contains("3001").contains("content");
        assertThat(explained.path("recommendations_based_on").isArray()).isTrue();
        assertThat(explained.path("recommendations_based_on").size()).isPositive();

        JsonNode modelMetrics = metrics("application/json");
        assertThat(modelMetrics.path("default_model").asText()).isEqualTo("hybrid");
        Set<String> seedNames = new HashSet<>(modelMetrics.path("available_models").findValuesAsText("model_type"));
        assertThat(seedNames).contains("popularity", "collaborative", "content_based", "hybrid");
        modelMetrics.path("available_models").forEach(m -> assertThat(m.path("status").asText()).isEqualTo("ready"));
        Instant.parse(modelMetrics.path("last_updated").asText());
        assertThat(service.get("/metrics").text()).as("Prometheus text by default").contains("# TYPE brisk_");

        JsonNode experiments = service.get("/experiments").expect(200);
        assertThat(experiments.path("experiments").isArray()).isTrue();
        assertThat(experiments.path("total_experiments").asInt()).isEqualTo(experiments.path("experiments").size()).isZero();
        assertThat(experiments.path("message").asText()).isNotBlank();
        JsonNode group = service.get("/users/3001/experiment-group?experiment_id=homepage").expect(200);
        assertThat(group.path("user_id").asText()).isEqualTo("3001");
        assertThat(group.path("experiment_id").asText()).isEqualTo("homepage");
        assertThat(group.path("assigned_group").isNull()).isTrue();
        assertThat(group.path("message").asText()).isNotBlank();

        JsonNode learning = service.get("/learning/stats").expect(200).path("online_learning");
        long updatesBefore = learning.path("updates_done").asLong();
        assertThat(updatesBefore).isPositive();
        assertThat(learning.path("buffer_size").asLong()).as("events since the setup's training").isGreaterThanOrEqualTo(4);
        Instant.parse(learning.path("last_update").asText());
        assertThat(learning.path("model_versions").path("als").asText()).isEqualTo(service.modelVersion("als"));

        JsonNode triggered = bodyless("/learning/trigger-update");
        assertThat(triggered.path("status").asText()).isEqualTo("success");
        boolean ran = TestService.eventually(Duration.ofSeconds(60), () ->
                service.get("/learning/stats").expect(200).path("online_learning").path("updates_done").asLong() > updatesBefore);
        assertThat(ran).as("a training run finished after the trigger").isTrue();
    }

    private static JsonNode recommendation(String body, String userId) {
        JsonNode answer = service.post("/recommend", body).expect(200);
        assertThat(answer.path("user_id").asText()).isEqualTo(userId);
        assertThat(answer.path("model_version").isTextual()).isTrue();
        assertThat(answer.path("model_version").asText()).isNotBlank();
        Instant.parse(answer.path("timestamp").asText());
        assertThat(answer.path("recommendations").size()).as("recommendations in %s", answer).isBetween(1, 10);
        answer.path("recommendations").forEach(SeedApiTest::assertRecommendedItem);
        return answer;
    }

    private static void assertRecommendedItem(JsonNode r) {
        assertThat(r.path("item_id").asText()).isNotBlank();
        assertThat(r.path("title").asText()).startsWith("Movie ");
        assertThat(r.path("score").isNumber()).as("score of %s", r).isTrue();
        assertThat(r.path("reason").asText()).isNotBlank();
    }

    private static List<String> itemIds(JsonNode answer) {
        return answer.path("recommendations").findValuesAsText("item_id");
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A POST as the seed's clients send it: no body and no Content-Type. */
    static JsonNode bodyless(String path) {
        Response r = service.sendRaw("POST", path, null, null);
        assertThat(r.status()).as("POST %s: %s", path, r.text()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode metrics(String accept) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.port() + "/metrics")).header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            return dev.brisk.server.store.Json.MAPPER.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
