package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import dev.brisk.server.support.LocalBrisk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API the dashboard added: the live event feed, the crowd simulator, and the site itself. */
class DashboardApiTest {
    private static final List<String> DASHBOARD_PATHS = List.of("/events/recent", "/simulator", "/simulator/start",
            "/simulator/stop");

    @TempDir
    static Path folder;
    static LocalBrisk service;

    @BeforeAll
    static void start() {
        service = LocalBrisk.start(folder, true);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theFeedListsAcknowledgedEventsNewestFirstAfterACursor() {
        long latest = service.json("/events/recent?limit=1").path("latest_seq").asLong();
        var answer = service.post("/events", "[{\"user_id\":\"feed-u\",\"item_id\":\"i1\",\"event_type\":\"view\"},"
                + "{\"user_id\":\"feed-u\",\"item_id\":\"i2\",\"event_type\":\"click\"},"
                + "{\"user_id\":\"feed-u\",\"item_id\":\"i3\",\"event_type\":\"rating\",\"rating\":4.5}]");
        assertThat(answer.status()).isEqualTo(200);

        JsonNode page = service.json("/events/recent?limit=2&after=" + latest);
        assertThat(page.path("count").asInt()).isEqualTo(2);
        assertThat(page.path("events").get(0).path("item_id").asText()).isEqualTo("i3");
        assertThat(page.path("events").get(0).path("rating").asDouble()).isEqualTo(4.5);
        assertThat(page.path("events").get(0).path("title").asText()).isNotBlank();
        assertThat(page.path("events").get(1).path("item_id").asText()).isEqualTo("i2");
        assertThat(page.path("latest_seq").asLong()).isEqualTo(latest + 3);
        assertThat(service.json("/events/recent?after=" + (latest + 3)).path("events")).isEmpty();

        assertThat(service.get("/events/recent?after=abc").status()).isEqualTo(400);
        assertThat(service.get("/events/recent?limit=0").status()).isEqualTo(400);
        assertThat(service.get("/events/recent?since=1").status()).isEqualTo(400);
    }

    @Test
    void theCrowdSimulatorStartsWithinItsBoundsOnceAtATimeAndStops() {
        assertThat(service.post("/simulator/start", "{\"users\": 999}").body().at("/error/code").asText())
                .isEqualTo("invalid_input");
        assertThat(service.post("/simulator/start", "{\"users\": 2, \"rate\": 5}").status()).isEqualTo(400);
        assertThat(service.post("/simulator/start", "{\"duration_seconds\": 601}").status()).isEqualTo(400);
        assertThat(service.post("/simulator/start", "[1]").status()).isEqualTo(400);

        var started = service.post("/simulator/start", "{\"users\": 2, \"events_per_second\": 5, \"duration_seconds\": 120}");
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.body().path("state").asText()).isEqualTo("running");
        assertThat(started.body().at("/plan/users").asInt()).isEqualTo(2);
        assertThat(service.post("/simulator/start", "{}").status()).isEqualTo(409);
        assertThat(service.json("/simulator").path("running").asBoolean()).isTrue();
        assertThat(LocalBrisk.eventually(Duration.ofSeconds(30),
                () -> service.json("/simulator").at("/run/events/accepted").asLong() > 0)).isTrue();

        var stopped = service.post("/simulator/stop", "");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().path("state").asText()).isEqualTo("stopped");
        JsonNode status = service.json("/simulator");
        assertThat(status.path("running").asBoolean()).isFalse();
        assertThat(status.at("/limits/users").asInt()).isEqualTo(200);
        long accepted = status.at("/run/events/accepted").asLong();
        long stored = service.json("/users/sim-u1/activity?limit=1000").path("count").asLong()
                + service.json("/users/sim-u2/activity?limit=1000").path("count").asLong();
        assertThat(stored).isEqualTo(accepted);
    }

    @Test
    void theDashboardIsServedOnItsOwnPortWithTheApiAndUnderSlashDashboard() {
        int dashboardPort = service.brisk().dashboardPort();
        assertThat(dashboardPort).isPositive().isNotEqualTo(service.brisk().port());
        for (int port : new int[] {service.brisk().port(), dashboardPort}) {
            var page = service.getOn(port, "/dashboard/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("vendor/chart.umd.min.js").contains("js/app.js").doesNotContain("http://", "https://");
            assertThat(service.getOn(port, "/dashboard/vendor/chart.umd.min.js").text()).contains("Chart");
            assertThat(service.getOn(port, "/dashboard/vendor/chart.js.LICENSE.md").text()).contains("MIT");
            assertThat(service.getOn(port, "/dashboard/js/tabs/realtime.js").status()).isEqualTo(200);
            assertThat(service.getOn(port, "/dashboard/nothing.js").status()).isEqualTo(404);
            assertThat(service.getOn(port, "/dashboard/%2e%2e/openapi.json").status()).isEqualTo(404);
            assertThat(service.getOn(port, "/metrics/realtime").status()).isEqualTo(200);
        }
        assertThat(service.getOn(dashboardPort, "/").status()).isEqualTo(302);
    }

    @Test
    void theNewRoutesAreDocumentedWithTheirQueryParameters() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(DocsRoutes.resource("/openapi.json"));
        List<Api.Route> served = service.brisk().routes();
        for (String path : DASHBOARD_PATHS) {
            JsonNode item = doc.path("paths").path(path);
            assertThat(item.isObject()).as(path + " documented").isTrue();
            Iterator<Map.Entry<String, JsonNode>> methods = item.fields();
            while (methods.hasNext()) {
                var method = methods.next();
                assertThat(served.stream().map(r -> r.method() + " " + r.path())).as(method.getKey() + " " + path + " served")
                        .contains(method.getKey().toUpperCase() + " " + path);
                if (method.getKey().equals("get")) {
                    List<String> query = new ArrayList<>();
                    method.getValue().path("parameters").forEach(p -> query.add(p.path("name").asText() + "=1"));
                    assertThat(service.get(path + "?" + String.join("&", query)).status()).as(path).isEqualTo(200);
                }
            }
        }
    }
}
