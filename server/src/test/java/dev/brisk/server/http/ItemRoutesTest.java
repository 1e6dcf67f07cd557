package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog: {@code PUT /items/{id}} (201 created, 200 replaced), {@code POST /items} (bulk),
 * {@code GET /items/{id}}, {@code DELETE /items/{id}} — a deactivated item is kept but never
 * recommended again, by any list, cached or not.
 */
class ItemRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void putCreatesThenReplaces() {
        Response created = service.put("/items/movie-1", Map.of("title", "The First", "genres", List.of("Drama", "War"),
                "properties", Map.of("year", 1999, "language", "en")));
        JsonNode item = created.expect(201);
        assertThat(item.path("item_id").asText()).isEqualTo("movie-1");
        assertThat(item.path("title").asText()).isEqualTo("The First");
        assertThat(item.path("genres").toString()).isEqualTo("[\"Drama\",\"War\"]");
        assertThat(item.path("properties").path("year").asText()).isEqualTo("1999");
        assertThat(item.path("properties").path("language").asText()).isEqualTo("en");
        assertThat(item.path("active").asBoolean()).isTrue();
        Instant createdAt = Instant.parse(item.path("created_at").asText());

        JsonNode replaced = service.put("/items/movie-1", Map.of("item_id", "movie-1", "title", "The First (Director's Cut)",
                "genres", List.of("Drama"))).expect(200);
        assertThat(replaced.path("title").asText()).isEqualTo("The First (Director's Cut)");
        assertThat(replaced.path("genres").toString()).isEqualTo("[\"Drama\"]");
        assertThat(replaced.path("properties").size()).isZero();
        assertThat(Instant.parse(replaced.path("created_at").asText())).as("creation time is kept").isEqualTo(createdAt);

        JsonNode read = service.get("/items/movie-1").expect(200);
        assertThat(read).isEqualTo(replaced);
    }

    @Test
    void anItemWithoutTitleIsTitledByItsId() {
        JsonNode item = service.put("/items/untitled-7", "{}").expect(201);
        assertThat(item.path("title").asText()).isEqualTo("untitled-7");
        assertThat(item.path("genres").size()).isZero();
    }

    @Test
    void postStoresManyItems() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            items.add(Map.of("item_id", "bulk-" + i, "title", "Bulk " + i, "genres", List.of("Comedy")));
        }
        JsonNode body = service.post("/items", items).expect(200);
        assertThat(body.path("stored").asInt()).isEqualTo(25);
        for (int i : new int[] {1, 13, 25}) {
            JsonNode item = service.get("/items/bulk-" + i).expect(200);
            assertThat(item.path("title").asText()).isEqualTo("Bulk " + i);
            assertThat(item.path("active").asBoolean()).isTrue();
        }
        JsonNode wrapped = service.post("/items", Map.of("items", List.of(Map.of("item_id", 9001, "title", "Numeric"))))
                .expect(200);
        assertThat(wrapped.path("stored").asInt()).isEqualTo(1);
        assertThat(service.get("/items/9001").expect(200).path("title").asText()).isEqualTo("Numeric");
    }

    @Test
    void deleteDeactivatesButKeepsTheItem() {
        service.put("/items/to-retire", Map.of("title", "Retiring")).expect(201);
        JsonNode deleted = service.delete("/items/to-retire").expect(200);
        assertThat(deleted.path("item_id").asText()).isEqualTo("to-retire");
        assertThat(deleted.path("active").asBoolean()).isFalse();
        JsonNode read = service.get("/items/to-retire").expect(200);
        assertThat(read.path("active").asBoolean()).isFalse();
        assertThat(read.path("title").asText()).isEqualTo("Retiring");
        service.delete("/items/never-existed").assertError(404);
    }

    @Test
    void aDeactivatedItemIsNeverRecommendedAfterwards() {
        service.putItems("cat", 12);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(event("crowd-" + i, "cat3", "purchase", null));
            events.add(event("crowd-" + i, "cat5", "view", null));
        }
        service.sendEvents(events);
        service.retrainPopular();
        assertThat(topIds("/popular?n=5")).startsWith("cat3", "cat5");
        assertThat(topIds("/popular?window=7d&n=5")).startsWith("cat3", "cat5");
        List<String> cachedBefore = topIds("/recommend?user_id=loyal&n=10");
        assertThat(cachedBefore).contains("cat3");
        assertThat(service.get("/recommend?user_id=loyal&n=10").expect(200).path("cached").asBoolean()).isTrue();

        service.delete("/items/cat3").expect(200);

        assertThat(topIds("/recommend?user_id=loyal&n=10")).as("the user's list from before (cached)")
                .doesNotContain("cat3").isNotEmpty();
        assertThat(topIds("/recommend?user_id=newcomer&n=10")).doesNotContain("cat3").hasSize(10);
        assertThat(topIds("/recommend?user_id=newcomer&n=10&genre=Comedy")).doesNotContain("cat3").isNotEmpty();
        assertThat(topIds("/recommend?user_id=crowd-1&n=10&exclude_seen=false")).doesNotContain("cat3");
        assertThat(topIds("/popular?n=10")).doesNotContain("cat3").contains("cat5");
        assertThat(topIds("/popular?window=7d&n=10")).doesNotContain("cat3").contains("cat5");
        assertThat(topIds("/latest?n=100")).doesNotContain("cat3");

        service.retrainPopular();
        assertThat(topIds("/recommend?user_id=loyal&n=10")).doesNotContain("cat3");
        assertThat(topIds("/popular?n=100")).doesNotContain("cat3");

        // Events on it are still accepted (history is history), but it stays out of every list.
        service.sendEvents(event("late-fan", "cat3", "purchase", null));
        assertThat(topIds("/recommend?user_id=late-fan&n=20")).doesNotContain("cat3");
    }

    @Test
    void anItemDeactivatedThroughPutIsNotRecommendedEither() {
        service.putItems("put", 3);
        service.retrainPopular();
        assertThat(topIds("/recommend?user_id=put-watcher&n=100")).contains("put2");
        service.put("/items/put2", Map.of("title", "Hidden", "active", false)).expect(200);
        assertThat(service.get("/items/put2").expect(200).path("active").asBoolean()).isFalse();
        assertThat(topIds("/recommend?user_id=put-watcher&n=100")).doesNotContain("put2");
        assertThat(topIds("/latest?n=100")).doesNotContain("put2");
    }

    private static List<String> topIds(String path) {
        JsonNode body = service.get(path).expect(200);
        List<String> out = new ArrayList<>();
        body.path("items").forEach(e -> out.add(e.path("item_id").asText()));
        return out;
    }

    @Test
    void theListPagesThroughTheCatalogWithACursor() {
        service.putItems("page-", 7);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            JsonNode body = service.get("/items?q=page-&limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200);
            body.path("items").forEach(item -> seen.add(item.path("item_id").asText()));
            cursor = body.path("next_cursor").isNull() ? null : body.path("next_cursor").asText();
            if (cursor == null) {
                break;
            }
        }
        assertThat(seen).as("every item once, in id order")
                .containsExactly("page-1", "page-2", "page-3", "page-4", "page-5", "page-6", "page-7");
        JsonNode first = service.get("/items?q=page-&limit=7").expect(200);
        assertThat(first.path("next_cursor").isNull()).as("no next page after the last item").isTrue();
        assertThat(first.path("items").get(0).path("title").asText()).isEqualTo("Title page-1");
        assertThat(service.get("/items?limit=500").expect(200).path("items").size()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void theListFindsItemsByIdPrefixOrByAPartOfTheTitle() {
        service.put("/items/srch-1", Map.of("title", "The Silent Harbour"));
        service.put("/items/srch-2", Map.of("title", "Loud Mountains"));
        service.put("/items/other-3", Map.of("title", "A harbour at night"));
        assertThat(ids(service.get("/items?q=srch-").expect(200))).containsExactly("srch-1", "srch-2");
        assertThat(ids(service.get("/items?q=HARBOUR").expect(200))).containsExactly("other-3", "srch-1");
        assertThat(ids(service.get("/items?q=%25").expect(200))).as("%% is a character, not a wildcard").isEmpty();
    }

    @Test
    void aBadLimitOrCursorIsRefusedInTheErrorShape() {
        service.get("/items?limit=0").assertError(400);
        service.get("/items?limit=501").assertError(400);
        service.get("/items?limit=ten").assertError(400);
        JsonNode error = service.get("/items?cursor=***").assertError(400).error();
        assertThat(error.path("message").asText()).contains("cursor");
        service.get("/items?cursor=" + "A".repeat(1025)).assertError(400);
        service.get("/items?cursor=AA").assertError(400); // decodes to a control character, no id
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("item_id").asText()));
        return ids;
    }
}
