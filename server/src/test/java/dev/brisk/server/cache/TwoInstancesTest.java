package dev.brisk.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.Seed;
import dev.brisk.server.support.SharedServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL and one Redis: an event posted to one instance invalidates the
 * lists the other cached, and both serve the same stored history.
 */
class TwoInstancesTest {
    private static TestService a;
    private static TestService b;
    private static HttpJson httpA;
    private static HttpJson httpB;
    private static String schema;

    @BeforeAll
    static void start() {
        schema = SharedServices.freshSchema("two_instances");
        String prefix = SharedServices.freshRedisPrefix("two-instances");
        a = TestService.start(false, SharedServices.oneCluster(schema, prefix));
        b = TestService.start(false, SharedServices.oneCluster(schema, prefix));
        httpA = new HttpJson(a.port());
        httpB = new HttpJson(b.port());
        Seed.catalogAndEvents(httpA);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
        SharedServices.dropSchema(schema);
    }

    @Test
    void anEventThroughOneInstanceInvalidatesTheListCachedThroughTheOther() {
        // B trains on the same events, so that its model version is the one A's lists carry or newer.
        retrainPopular(httpB);
        retrainPopular(httpA);

        var first = httpA.get("/recommend?user_id=seed1&n=5").body();
        assertThat(httpA.get("/recommend?user_id=seed1&n=5").body().path("cached").asBoolean()).isTrue();
        String shown = first.path("items").get(0).path("item_id").asText();

        var posted = httpB.post("/events", "{\"user_id\":\"seed1\",\"item_id\":\"" + shown + "\",\"event_type\":\"view\"}");
        assertThat(posted.status()).isEqualTo(200);

        var next = httpA.get("/recommend?user_id=seed1&n=5").body();
        assertThat(next.path("cached").asBoolean()).isFalse();
        assertThat(next.path("items").findValuesAsText("item_id")).doesNotContain(shown);
        assertThat(httpA.get("/users/seed1/activity?limit=1").body().path("events").get(0).path("item_id").asText())
                .isEqualTo(shown);
    }

    /** Retrains the popularity model of one instance and waits (bounded) until a newer version is ready. */
    private static void retrainPopular(HttpJson http) {
        String before = http.get("/models").body().path("models").get(0).path("version").asText();
        assertThat(http.post("/models/popular/train", "{}").status()).isEqualTo(202);
        boolean retrained = HttpJson.eventually(10_000, () -> {
            JsonNode popular = http.get("/models").body().path("models").get(0);
            return "ready".equals(popular.path("state").asText()) && !popular.path("version").asText().equals(before);
        });
        assertThat(retrained).as("a newer popular model within 10 s").isTrue();
    }
}
