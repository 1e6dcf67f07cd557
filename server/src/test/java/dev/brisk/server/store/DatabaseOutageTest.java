package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.PrivatePostgres;
import dev.brisk.server.support.Seed;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away under a running service, against a cluster of the test's own: readiness
 * says so, events get a clear 503 and nothing is stored, cached and model-made lists keep being
 * served, and the service recovers by itself when the database returns.
 */
class DatabaseOutageTest {
    private static PrivatePostgres postgres;
    private static TestService service;
    private static HttpJson http;

    @BeforeAll
    static void start() {
        postgres = new PrivatePostgres();
        service = TestService.start(false, Map.of("BRISK_DB_URL", postgres.url(), "BRISK_DB_USER", "postgres"));
        http = new HttpJson(service.port());
        Seed.catalogAndEvents(http);
    }

    @AfterAll
    static void stop() {
        service.close();
        postgres.close();
    }

    @Test
    void theServiceDegradesClearlyAndRecoversWithoutRestart() {
        assertThat(http.get("/recommend?user_id=seed1&n=5").status()).isEqualTo(200);
        assertThat(http.get("/recommend?user_id=seed1&n=5").body().path("cached").asBoolean()).isTrue();
        long before = http.get("/users/seed1/activity?limit=1000").body().path("count").asLong();

        postgres.stop();

        var ready = http.get("/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body().path("status").asText()).isEqualTo("down");
        var event = http.post("/events", "{\"user_id\":\"seed1\",\"item_id\":\"i2\",\"event_type\":\"view\","
                + "\"event_id\":\"during-outage\"}");
        assertThat(event.status()).isEqualTo(503);
        assertThat(event.body().path("error").path("code").asText()).isEqualTo("database_unavailable");
        assertThat(event.body().path("error").path("message").asText()).contains("database");

        var cached = http.get("/recommend?user_id=seed1&n=5");
        assertThat(cached.status()).isEqualTo(200);
        assertThat(cached.body().path("cached").asBoolean()).isTrue();
        var fromModel = http.get("/recommend?user_id=someone-new&n=5");
        assertThat(fromModel.status()).isEqualTo(200);
        assertThat(fromModel.body().path("items").size()).isEqualTo(5);

        postgres.start();

        assertThat(HttpJson.eventually(15_000, () -> http.get("/ready").status() == 200)).isTrue();
        var after = http.post("/events", "{\"user_id\":\"seed1\",\"item_id\":\"i2\",\"event_type\":\"view\","
                + "\"event_id\":\"after-outage\"}");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body().path("accepted").asInt()).isEqualTo(1);
        var activity = http.get("/users/seed1/activity?limit=1000").body();
        assertThat(activity.path("count").asLong()).isEqualTo(before + 1);
        assertThat(activity.path("events").findValuesAsText("event_id")).contains("after-outage")
                .doesNotContain("during-outage");
    }
}
