package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client asks for a user's list as fast as it can while another buys items from that list:
 * no list requested after a purchase was acknowledged may hold the purchased item (the cache entry
 * is gone before the acknowledgement, and no list computed from the older history is stored).
 * Bounded in purchases and in time.
 */
class PurchaseFreshnessStressTest {
    private static final int PURCHASES = 25;
    private static final long MAX_MILLIS = 60_000;

    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        service.putItems("s", 80);
        service.retrainPopular();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private record Served(long requestedAt, List<String> items) {
    }

    private record Purchase(long acknowledgedAt, String item) {
    }

    @Test
    void noListRequestedAfterAnAcknowledgedPurchaseHoldsThePurchasedItem() throws Exception {
        String path = "/recommend?user_id=shopper&n=20";
        AtomicBoolean buying = new AtomicBoolean(true);
        long deadline = System.currentTimeMillis() + MAX_MILLIS;
        CompletableFuture<List<Served>> hammer = CompletableFuture.supplyAsync(() -> {
            List<Served> served = new ArrayList<>();
            while (buying.get() && System.currentTimeMillis() < deadline) {
                long at = System.nanoTime();
                served.add(new Served(at, items(service.get(path).expect(200))));
            }
            return served;
        });
        List<Purchase> purchases = new ArrayList<>();
        try {
            for (int i = 0; i < PURCHASES && System.currentTimeMillis() < deadline; i++) {
                List<String> list = items(service.get(path).expect(200));
                String item = list.get(i % list.size());
                service.sendEvents(event("shopper", item, "purchase", null));
                purchases.add(new Purchase(System.nanoTime(), item));
            }
        } finally {
            buying.set(false);
        }
        List<Served> served = hammer.get(MAX_MILLIS + 30_000, TimeUnit.MILLISECONDS);

        assertThat(purchases).hasSize(PURCHASES);
        assertThat(served).as("lists served while buying").hasSizeGreaterThan(PURCHASES);
        for (Purchase p : purchases) {
            for (Served s : served) {
                if (s.requestedAt() > p.acknowledgedAt()) {
                    assertThat(s.items()).as("a list requested after %s was bought", p.item()).doesNotContain(p.item());
                }
            }
        }
    }

    private static List<String> items(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("items").forEach(item -> ids.add(item.path("item_id").asText()));
        return ids;
    }
}
