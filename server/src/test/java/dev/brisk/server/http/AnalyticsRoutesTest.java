package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static dev.brisk.server.TestService.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /analytics/engagement?window=}: active users, events per type and per hour, top
 * items, the view → click → purchase funnel and click-through per model, over known data.
 * The counting tests run first, before the click tests add events of their own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        service.putItems("a", 10);
        service.retrainPopular();
        Instant twoHoursAgo = NOW.minus(2, ChronoUnit.HOURS);
        Instant twoDaysAgo = NOW.minus(2, ChronoUnit.DAYS);
        List<Map<String, Object>> events = new ArrayList<>();
        // 4 viewers, 2 of them click, 1 of them buys; a2 is the most interacted item.
        for (int u = 1; u <= 4; u++) {
            events.add(event("eng-" + u, "a2", "view", twoHoursAgo.plusSeconds(u)));
        }
        events.add(event("eng-1", "a2", "click", twoHoursAgo.plusSeconds(10)));
        events.add(event("eng-2", "a3", "click", twoHoursAgo.plusSeconds(11)));
        events.add(event("eng-1", "a3", "purchase", twoHoursAgo.plusSeconds(12)));
        events.add(event("eng-5", "a4", "impression", twoHoursAgo.plusSeconds(13)));
        // Two days ago: inside 7d, outside 24h.
        events.add(with(event("eng-old", "a5", "rating", twoDaysAgo), "rating", 4));
        // Ten days ago: outside both windows.
        events.add(event("eng-ancient", "a6", "view", NOW.minus(10, ChronoUnit.DAYS)));
        service.sendEvents(events);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    @Order(1)
    void aWeekOfEngagement() {
        JsonNode r = service.get("/analytics/engagement?window=7d").expect(200);
        assertThat(r.path("window").asText()).isEqualTo("7d");
        assertThat(Instant.parse(r.path("since").asText()))
                .isBetween(NOW.minus(7, ChronoUnit.DAYS).minusSeconds(60), NOW.minus(7, ChronoUnit.DAYS).plusSeconds(60));
        assertThat(r.path("active_users").asLong()).isEqualTo(6);

        JsonNode byType = r.path("events_by_type");
        assertThat(byType.path("view").asLong()).isEqualTo(4);
        assertThat(byType.path("click").asLong()).isEqualTo(2);
        assertThat(byType.path("purchase").asLong()).isEqualTo(1);
        assertThat(byType.path("impression").asLong()).isEqualTo(1);
        assertThat(byType.path("rating").asLong()).isEqualTo(1);

        long perHour = 0;
        for (JsonNode hour : r.path("events_by_hour")) {
            assertThat(Instant.parse(hour.path("hour").asText()).getEpochSecond() % 3600).isZero();
            perHour += hour.path("events").asLong();
        }
        assertThat(perHour).isEqualTo(9);

        JsonNode top = r.path("top_items");
        assertThat(top.get(0).path("item_id").asText()).isEqualTo("a2");
        assertThat(top.get(0).path("events").asLong()).isEqualTo(5);
        assertThat(top.get(0).path("title").asText()).isEqualTo("Title a2");
        assertThat(top.get(1).path("item_id").asText()).isEqualTo("a3");
        assertThat(top.findValuesAsText("item_id")).as("impressions are no preference").doesNotContain("a4");

        JsonNode funnel = r.path("funnel");
        assertThat(funnel.size()).isEqualTo(3);
        assertThat(funnel.get(0).path("step").asText()).isEqualTo("view");
        assertThat(funnel.get(0).path("users").asLong()).isEqualTo(4);
        assertThat(funnel.get(1).path("step").asText()).isEqualTo("click");
        assertThat(funnel.get(1).path("users").asLong()).isEqualTo(2);
        assertThat(funnel.get(1).path("rate_from_previous").asDouble()).isEqualTo(0.5);
        assertThat(funnel.get(2).path("step").asText()).isEqualTo("purchase");
        assertThat(funnel.get(2).path("users").asLong()).isEqualTo(1);
        assertThat(funnel.get(2).path("rate_from_previous").asDouble()).isEqualTo(0.5);

        assertThat(r.path("click_through_by_model").isArray()).isTrue();
    }

    @Test
    @Order(2)
    void theDefaultWindowIsOneDay() {
        JsonNode r = service.get("/analytics/engagement").expect(200);
        assertThat(r.path("window").asText()).isEqualTo("24h");
        assertThat(r.path("active_users").asLong()).isEqualTo(5);
        assertThat(r.path("events_by_type").has("rating")).isFalse();
        JsonNode hour = service.get("/analytics/engagement?window=30m").expect(200);
        assertThat(hour.path("active_users").asLong()).isZero();
    }

    @Test
    @Order(3)
    void clickThroughPerModelCountsServedListsAndClicks() {
        JsonNode list = service.get("/recommend?user_id=ctr-user&n=4").expect(200);
        service.awaitServedListsStored(); // flushRecommendationLogs(), then until they are counted
        JsonNode before = row(service.get("/analytics/engagement?window=7d").expect(200));
        assertThat(before.path("lists").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(before.path("items_served").asLong()).isGreaterThanOrEqualTo(4);

        String item = list.path("items").get(2).path("item_id").asText();
        service.sendEvents(with(event("ctr-user", item, "click", null), "recommendation_id",
                list.path("request_id").asText()));
        JsonNode after = row(service.get("/analytics/engagement?window=7d").expect(200));
        assertThat(after.path("clicks").asLong() - before.path("clicks").asLong()).isEqualTo(1);
        assertThat(after.path("click_through_rate").asDouble()).isPositive();

        // A click on an item that was not in the list is not attributed to it.
        service.sendEvents(with(event("ctr-user", "not-in-list", "click", null), "recommendation_id",
                list.path("request_id").asText()));
        JsonNode unchanged = row(service.get("/analytics/engagement?window=7d").expect(200));
        assertThat(unchanged.path("clicks").asLong()).isEqualTo(after.path("clicks").asLong());
    }

    @Test
    @Order(4)
    void aClickWithoutRecommendationIdIsAttributedToTheLatestListThatShowedTheItem() {
        JsonNode list = service.get("/recommend?user_id=ctr-implicit&n=4").expect(200);
        long before = row(service.get("/analytics/engagement?window=7d").expect(200)).path("clicks").asLong();
        service.sendEvents(event("ctr-implicit", list.path("items").get(0).path("item_id").asText(), "click", null));
        long after = row(service.get("/analytics/engagement?window=7d").expect(200)).path("clicks").asLong();
        assertThat(after - before).isEqualTo(1);
    }

    private static JsonNode row(JsonNode engagement) {
        for (JsonNode r : engagement.path("click_through_by_model")) {
            if ("popular".equals(r.path("model").asText())) {
                return r;
            }
        }
        throw new AssertionError("no popular row in " + engagement);
    }
}
