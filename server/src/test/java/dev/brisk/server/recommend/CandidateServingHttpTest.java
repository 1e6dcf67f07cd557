package dev.brisk.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ALS and the hybrid serving from the candidates of their factor index (forced on for the demo
 * catalog of 1,200 items with {@code BRISK_ANN_MIN_ITEMS=1}): the request's filters hold as when
 * every item is scored: seen items, a deactivated item and the genre.
 */
class CandidateServingHttpTest {
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("BRISK_ANN_MIN_ITEMS", "1", "BRISK_TRAIN_INTERVAL_SECONDS", "3600",
                "BRISK_TRAIN_AFTER_EVENTS", "100000000", "BRISK_VALIDATION_USERS", "200"));
        service.awaitModelsReady();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"als", "hybrid"})
    void seenInactiveAndGenreFiltersHold(String model) {
        String user = "candidates-" + model;
        List<String> watched = ids(service.get("/popular?n=3&genre=Animation").body());
        for (String item : watched) {
            RunningService.Answer answer = service.post("/events",
                    "{\"user_id\":\"" + user + "\",\"item_id\":\"" + item + "\",\"event_type\":\"view\"}");
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        }
        JsonNode first = recommend(user, model, "");
        assertThat(first.path("model").asText()).isEqualTo(model);
        assertThat(ids(first)).hasSize(10).doesNotContainAnyElementsOf(watched);

        String best = ids(first).get(0);
        RunningService.Answer hidden = service.put("/items/" + best, "{\"title\":\"Hidden\",\"active\":false}");
        assertThat(hidden.status()).as(hidden.body().toString()).isEqualTo(200);
        assertThat(ids(recommend(user, model, ""))).hasSize(10).doesNotContain(best)
                .doesNotContainAnyElementsOf(watched);

        JsonNode horror = recommend(user, model, "&genre=Horror");
        assertThat(ids(horror)).hasSize(10).doesNotContain(best).doesNotContainAnyElementsOf(watched);
        horror.path("items").forEach(item -> assertThat(item.path("genres").toString()).contains("\"Horror\""));
    }

    private static JsonNode recommend(String user, String model, String more) {
        RunningService.Answer answer = service.get("/recommend?user_id=" + user + "&n=10&model=" + model + more);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.path("items").spliterator(), false).map(item -> item.path("item_id").asText())
                .toList();
    }
}
