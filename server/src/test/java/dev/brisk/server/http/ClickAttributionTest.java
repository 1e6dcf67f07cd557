package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static dev.brisk.server.TestService.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Served lists are logged asynchronously, and real clients click within milliseconds: a click
 * sent right after its list, without waiting for anything, is still attributed to it; a click
 * naming a list that did not show its item is counted as unattributed (one naming a list nobody
 * logged, after it has been looked for a while).
 */
class ClickAttributionTest {
    private static final int CLIENTS = 4;
    private static final int CLICKS = 15;

    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        service.putItems("c", 120);
        service.retrainPopular();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** Several clients at once: each asks for a long list and clicks an item of it at once, again and again. */
    @Test
    void clicksSentRightAfterTheirListsAreAllAttributedAndTheOthersCounted() throws Exception {
        long unattributedBefore = unattributed();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> lastLists = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                String user = "quick-" + c;
                lastLists.add(clients.submit(() -> listsAndClicks(user)));
            }
            for (Future<String> f : lastLists) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(clicks()).as("clicks counted by /analytics/engagement").isEqualTo(CLIENTS * CLICKS);
        assertThat(unattributed()).isEqualTo(unattributedBefore);

        service.sendEvents(with(event("quick-0", "not-shown", "click", null), "recommendation_id", lastLists.get(0).get()));
        service.sendEvents(with(event("quick-0", "c1", "click", null), "recommendation_id", "no-such-list"));

        assertThat(clicks()).isEqualTo(CLIENTS * CLICKS);
        // A list without the item counts at once; a list nobody logged counts once it has been looked
        // for long enough (another instance might log it a moment later).
        assertThat(unattributed()).as("a list without the item").isEqualTo(unattributedBefore + 1);
        assertThat(TestService.eventually(java.time.Duration.ofSeconds(20), () -> unattributed() == unattributedBefore + 2))
                .as("unattributed clicks in /metrics/realtime, the unknown list included").isTrue();
        assertThat(service.get("/metrics").text()).contains("brisk_clicks_unattributed_total " + (unattributedBefore + 2) + ".0");
    }

    /** Returns the request id of the last list. */
    private static String listsAndClicks(String user) {
        String request = null;
        for (int k = 0; k < CLICKS; k++) {
            JsonNode list = service.get("/recommend?user_id=" + user + "&n=100&exclude_seen=false").expect(200);
            request = list.path("request_id").asText();
            String item = list.path("items").get(k * 3).path("item_id").asText();
            service.sendEvents(with(event(user, item, k % 4 == 3 ? "purchase" : "click", null), "recommendation_id", request));
        }
        return request;
    }

    private static long clicks() {
        long clicks = 0;
        for (JsonNode row : service.get("/analytics/engagement?window=7d").expect(200).path("click_through_by_model")) {
            clicks += row.path("clicks").asLong();
        }
        return clicks;
    }

    private static long unattributed() {
        return service.get("/metrics/realtime").expect(200).path("events").path("unattributed_clicks").asLong();
    }
}
