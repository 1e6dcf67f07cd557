package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.store.Database;
import dev.brisk.server.support.ServedListMarks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /recommend}, {@code /popular} and {@code /latest} on the demo data (1200 items,
 * 500 users, 50,000 events): the shape of a list, its parameters, cold start for unknown users.
 */
class RecommendRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        // The route's contract, on the popularity model: the personal models train in the background
        // and would take over the default at a moment of their choosing (they have tests of their own).
        service = TestService.start(dir, true, java.util.Map.of("BRISK_DEFAULT_MODEL", "popular"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void anUnknownUserGetsAColdStartList() {
        JsonNode list = service.get("/recommend?user_id=never-seen-before").expect(200);
        assertThat(list.path("cold_start").asBoolean()).isTrue();
        assertThat(list.path("items").size()).isEqualTo(10);
        assertThat(list.path("user_id").asText()).isEqualTo("never-seen-before");
        assertThat(list.path("model").asText()).isEqualTo("popular");
        assertThat(list.path("model_version").asText()).isNotBlank();
        for (JsonNode item : list.path("items")) {
            assertThat(item.path("explanation").asText()).isNotBlank();
            assertThat(item.path("score").asDouble()).isPositive();
        }
    }

    @Test
    void aListHasRanksTitlesScoresAndExplanations() {
        JsonNode list = service.get("/recommend?user_id=u1&n=7").expect(200);
        assertThat(list.path("request_id").asText()).isNotBlank();
        assertThat(list.path("user_id").asText()).isEqualTo("u1");
        assertThat(list.path("model").asText()).isEqualTo("popular");
        assertThat(list.path("model_version").asText()).isEqualTo(service.modelVersion("popular"));
        assertThat(list.path("cold_start").asBoolean()).isFalse();
        assertThat(list.has("cached")).isTrue();
        assertThat(list.path("took_ms").isNumber()).isTrue();
        JsonNode items = list.path("items");
        assertThat(items.size()).isEqualTo(7);
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            assertThat(item.path("rank").asInt()).isEqualTo(i + 1);
            assertThat(item.path("item_id").asText()).matches("i\\d+");
            assertThat(item.path("title").asText()).isNotBlank().isNotEqualTo(item.path("item_id").asText());
            assertThat(item.path("genres").isArray()).isTrue();
            assertThat(item.path("explanation").asText()).isNotBlank();
            assertThat(item.path("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = item.path("score").asDouble();
        }
        assertThat(new HashSet<>(itemIds(list))).hasSize(7);
    }

    @Test
    void seenItemsAreExcludedUnlessAskedOtherwise() {
        Set<String> seen = new HashSet<>();
        for (JsonNode e : service.get("/users/u2/activity?limit=1000").expect(200).path("events")) {
            if (!e.path("event_type").asText().equals("impression")) {
                seen.add(e.path("item_id").asText());
            }
        }
        assertThat(seen).isNotEmpty();
        JsonNode list = service.get("/recommend?user_id=u2&n=50").expect(200);
        assertThat(itemIds(list)).hasSize(50).doesNotContainAnyElementsOf(seen);

        JsonNode all = service.get("/recommend?user_id=u2&n=50&exclude_seen=false").expect(200);
        JsonNode everyone = service.get("/popular?n=50").expect(200);
        assertThat(itemIds(all)).as("without exclusion the list is the popular ranking")
                .isEqualTo(itemIds(everyone));
    }

    @Test
    void excludedItemsAreLeftOut() {
        List<String> plain = itemIds(service.get("/recommend?user_id=u3&n=5").expect(200));
        String exclude = plain.get(0) + "," + plain.get(2);
        JsonNode list = service.get("/recommend?user_id=u3&n=5&exclude=" + exclude).expect(200);
        assertThat(itemIds(list)).hasSize(5).doesNotContain(plain.get(0), plain.get(2))
                .contains(plain.get(1), plain.get(3), plain.get(4));
        assertThat(list.path("cached").asBoolean()).as("a list with exclusions is made for the request").isFalse();
    }

    @Test
    void aGenreRestrictsTheList() {
        JsonNode list = service.get("/recommend?user_id=u4&n=10&genre=Drama").expect(200);
        assertThat(list.path("items").size()).isEqualTo(10);
        for (JsonNode item : list.path("items")) {
            assertThat(item.path("genres").toString()).contains("Drama");
        }
    }

    @Test
    void theModelCanBeNamedAndNBounds() {
        assertThat(service.get("/recommend?user_id=u5&model=popular&n=1").expect(200).path("items").size())
                .isEqualTo(1);
        assertThat(service.get("/recommend?user_id=u5&n=100").expect(200).path("items").size()).isEqualTo(100);
    }

    @Test
    void pagesContinueEachOtherWithoutRepeatsAndKeepTheirRanks() {
        service.awaitModelsReady(1); // no model is replaced between the pages
        JsonNode first = service.get("/recommend?user_id=u6&n=10").expect(200);
        JsonNode second = service.get("/recommend?user_id=u6&n=10&offset=10").expect(200);
        JsonNode whole = service.get("/recommend?user_id=u6&n=20").expect(200);
        List<String> pages = new ArrayList<>(itemIds(first));
        pages.addAll(itemIds(second));
        assertThat(pages).as("page 2 continues page 1").isEqualTo(itemIds(whole)).doesNotHaveDuplicates();
        for (int k = 0; k < second.path("items").size(); k++) {
            assertThat(second.path("items").get(k).path("rank").asInt()).as("ranks count from the offset")
                    .isEqualTo(11 + k);
        }
        assertThat(second.path("model_version")).isEqualTo(first.path("model_version"));
        JsonNode again = service.get("/recommend?user_id=u6&n=10&offset=10").expect(200);
        assertThat(again.path("cached").asBoolean()).as("the second page is served from the cache").isTrue();
        assertThat(itemIds(again)).isEqualTo(itemIds(second));
        JsonNode shifted = service.get("/recommend?user_id=u6&n=5&offset=3").expect(200);
        assertThat(itemIds(shifted)).isEqualTo(itemIds(whole).subList(3, 8));
        JsonNode beyond = service.get("/recommend?user_id=u6&n=10&offset=1000&genre=Documentary").expect(200);
        assertThat(beyond.path("items").size()).as("a page past the end of a short list is empty").isZero();
    }

    @Test
    void offsetBoundsAreChecked() {
        for (String offset : List.of("-1", "1001", "two", "1.5", "")) {
            service.get("/recommend?user_id=u6&offset=" + offset).assertError(400);
        }
        assertThat(service.get("/recommend?user_id=u6&n=100&offset=1000").expect(200).path("items").size())
                .isEqualTo(100);
    }

    /**
     * The served-list log holds what was shown: a page's items, not the list above it, so that a
     * click on a page is attributed to that page, and a click naming the page on an item of the
     * page before is not.
     */
    @Test
    void aPageIsLoggedAsShownAndItsClicksAreAttributedToIt() {
        service.awaitServedListsStored();
        long storedBefore = service.storedListItems();
        JsonNode first = service.get("/recommend?user_id=pager&n=5").expect(200);
        JsonNode second = service.get("/recommend?user_id=pager&n=5&offset=5").expect(200);
        service.awaitServedListsStored();
        assertThat(service.storedListItems()).as("5 + 5 items logged, not 5 + 10").isEqualTo(storedBefore + 10);

        long unattributed = unattributedClicks();
        String secondPage = second.path("request_id").asText();
        service.sendEvents(TestService.with(TestService.event("pager", itemIds(second).get(2), "click", null),
                "recommendation_id", secondPage));
        assertThat(unattributedClicks()).as("a click on the page it names").isEqualTo(unattributed);
        service.sendEvents(TestService.with(TestService.event("pager", itemIds(first).get(0), "click", null),
                "recommendation_id", secondPage));
        assertThat(unattributedClicks()).as("a click naming a page that did not show the item").isEqualTo(unattributed + 1);
    }

    /**
     * A hit is the list the miss stored, with the request's own fields: the same fields in the same
     * order, the same items, its own request id and {@code cached: true}. The same list served again
     * to the user is a repeat of the first: its id is the first's with {@code .1}, it is counted on
     * the first's row, and a click naming it is attributed there. A page of the cached list (from its
     * own rank) is another list, logged under an id of its own.
     */
    @Test
    void aCacheHitIsTheStoredListServedAgainAndItsClicksCountOnTheFirst() throws Exception {
        service.awaitModelsReady(1); // no model is replaced between the requests
        service.awaitServedListsStored();
        long storedBefore = service.storedListItems();
        JsonNode miss = service.get("/recommend?user_id=hit-user&n=6").expect(200);
        JsonNode hit = service.get("/recommend?user_id=hit-user&n=6").expect(200);
        JsonNode page = service.get("/recommend?user_id=hit-user&n=3&offset=3").expect(200);
        assertThat(miss.path("cached").asBoolean()).isFalse();
        assertThat(hit.path("cached").asBoolean()).isTrue();
        assertThat(page.path("cached").asBoolean()).as("a later page of the cached list").isTrue();
        assertThat(fieldNames(hit)).isEqualTo(fieldNames(miss)).isEqualTo(fieldNames(page))
                .containsExactly("request_id", "user_id", "model", "model_version", "cached", "cold_start", "took_ms",
                        "items", "experiment");
        for (String field : List.of("user_id", "model", "model_version", "cold_start", "items", "experiment")) {
            assertThat(hit.get(field)).as(field).isEqualTo(miss.get(field));
        }
        assertThat(hit.path("items").size()).isEqualTo(6);
        assertThat(hit.path("took_ms").isNumber()).isTrue();
        String missId = miss.path("request_id").asText();
        String hitId = hit.path("request_id").asText();
        String pageId = page.path("request_id").asText();
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        assertThat(List.of(missId, pageId)).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches(uuid));
        assertThat(hitId).as("a repeat of the miss").isEqualTo(missId + ".1");
        List<JsonNode> tail = new ArrayList<>();
        miss.path("items").forEach(tail::add);
        assertThat(page.path("items")).containsExactlyElementsOf(tail.subList(3, 6));

        service.awaitServedListsStored();
        assertThat(service.storedListItems()).as("6 + 6 + 3 items served").isEqualTo(storedBefore + 15);
        String clicked = itemIds(hit).get(1);
        String pageItem = itemIds(page).get(2);
        long unattributed = unattributedClicks();
        service.sendEvents(List.of(
                TestService.with(TestService.event("hit-user", clicked, "click", null), "recommendation_id", hitId),
                TestService.with(TestService.event("hit-user", pageItem, "click", null), "recommendation_id", pageId),
                TestService.with(TestService.event("hit-user", clicked, "click", null), "recommendation_id", pageId)));
        assertThat(unattributedClicks()).as("only the click naming the page on an item above it").isEqualTo(unattributed + 1);
        try (Database db = Database.open(service.config().database())) {
            Long[] onMiss = db.withConnection(c -> ServedListMarks.of(c, missId, clicked));
            Long[] onPage = db.withConnection(c -> ServedListMarks.of(c, pageId, pageItem));
            int pageFrom = db.withConnection(c -> firstPosition(c, pageId));
            int repeatRows = db.withConnection(c -> rowsNamed(c, hitId));
            assertThat(repeatRows).as("no row of the repeat's own").isZero();
            assertThat(onMiss).as("the first list, logged with the item").isNotNull();
            assertThat(onMiss[0]).as("the item clicked on the repeat, marked on the first list").isNotNull();
            assertThat(onPage).as("the page, logged with the item").isNotNull();
            assertThat(onPage[0]).as("the page's item, clicked").isNotNull();
            assertThat(pageFrom).as("the page logged from its first item's rank")
                    .isEqualTo(page.path("items").get(0).path("rank").asInt()).isEqualTo(4);
        }
    }

    private static int rowsNamed(Connection c, String requestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM served_lists WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int firstPosition(Connection c, String requestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT first_position FROM served_lists WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("list %s logged", requestId).isTrue();
                return rs.getInt(1);
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long unattributedClicks() {
        return service.get("/metrics/realtime").expect(200).path("events").path("unattributed_clicks").asLong();
    }

    @Test
    void popularWithoutWindowIsTheDecayedRanking() {
        JsonNode body = service.get("/popular").expect(200);
        assertThat(body.path("window").asText()).isEqualTo("decayed");
        JsonNode items = body.path("items");
        assertThat(items.size()).isEqualTo(10);
        double previous = Double.MAX_VALUE;
        for (JsonNode item : items) {
            assertThat(item.path("item_id").asText()).isNotBlank();
            assertThat(item.path("title").asText()).isNotBlank();
            assertThat(item.path("explanation").asText()).isNotBlank();
            assertThat(item.path("score").asDouble()).isPositive().isLessThanOrEqualTo(previous);
            previous = item.path("score").asDouble();
        }
        assertThat(service.get("/popular?n=3").expect(200).path("items").size()).isEqualTo(3);
    }

    @Test
    void popularOverAWindowCountsThatWindow() {
        JsonNode week = service.get("/popular?window=7d&n=20").expect(200);
        assertThat(week.path("window").asText()).isEqualTo("7d");
        assertThat(week.path("items").size()).isEqualTo(20);
        assertThat(week.path("items").get(0).path("explanation").asText()).contains("7 days");
        double previous = Double.MAX_VALUE;
        for (JsonNode item : week.path("items")) {
            assertThat(item.path("score").asDouble()).isPositive().isLessThanOrEqualTo(previous);
            previous = item.path("score").asDouble();
        }
    }

    @Test
    void popularInAGenre() {
        for (String path : List.of("/popular?genre=Comedy&n=15", "/popular?window=7d&genre=Comedy&n=15")) {
            JsonNode body = service.get(path).expect(200);
            assertThat(body.path("genre").asText()).isEqualTo("Comedy");
            assertThat(body.path("items").size()).as(path).isEqualTo(15);
            for (JsonNode item : body.path("items")) {
                assertThat(item.path("genres").toString()).as(path).contains("Comedy");
            }
        }
        assertThat(service.get("/popular?genre=NoSuchGenre").expect(200).path("items").size()).isZero();
    }

    @Test
    void latestIsNewestFirst() {
        JsonNode items = service.get("/latest?n=12").expect(200).path("items");
        assertThat(items.size()).isEqualTo(12);
        Instant previous = Instant.MAX;
        for (JsonNode item : items) {
            assertThat(item.path("active").asBoolean()).isTrue();
            Instant created = Instant.parse(item.path("created_at").asText());
            assertThat(created).isBeforeOrEqualTo(previous);
            previous = created;
        }
        JsonNode drama = service.get("/latest?n=5&genre=drama").expect(200).path("items");
        assertThat(drama.size()).isEqualTo(5);
        for (JsonNode item : drama) {
            assertThat(item.path("genres").toString()).contains("Drama");
        }
    }

    static List<String> itemIds(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(e -> out.add(e.path("item_id").asText()));
        return out;
    }
}
