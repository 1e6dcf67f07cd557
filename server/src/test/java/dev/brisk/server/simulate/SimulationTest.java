package dev.brisk.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.support.LocalBrisk;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulation engine against a real Brisk over loopback HTTP, in small bounded runs. */
class SimulationTest {
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

    private SimulationPlan plan(String prefix, int users, double rate, double seconds, long events) {
        return new SimulationPlan(service.api(), users, rate, seconds, events, prefix, 7, 10);
    }

    @Test
    void usersThatPreferOneModelsListsMakeItWinAnExperiment() throws Exception {
        LocalBrisk.Answer created = service.post("/experiments", """
                {"experiment_id": "sim-preference", "name": "Simulated preference", "primary_metric": "ctr",
                 "variants": [{"name": "control", "model": "popular", "weight": 1},
                              {"name": "treatment", "model": "item_knn", "weight": 1}]}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        try {
            SimulationPlan plan = new SimulationPlan(service.api(), 30, 200, 0, 600, "pref-u", 11, 10,
                    Map.of("popular", 0.05, "item_knn", 0.7));
            SimulationReport report = new Simulation(plan, Simulation.httpClient(Duration.ofSeconds(5))).run();
            assertThat(report.events().accepted()).isEqualTo(600);
            assertThat(report.plan().clickProbabilities()).containsEntry("item_knn", 0.7);
            service.brisk().flushRecommendationLogs();
            assertThat(LocalBrisk.eventually(Duration.ofSeconds(10), () -> {
                JsonNode v = service.json("/experiments/sim-preference/results").path("variants");
                return v.get(0).path("lists").asLong() + v.get(1).path("lists").asLong() >= report.recommendationLists();
            })).as("every list of the run counted").isTrue();
            JsonNode variants = service.json("/experiments/sim-preference/results").path("variants");
            double control = variants.get(0).path("ctr").path("value").asDouble();
            double treatment = variants.get(1).path("ctr").path("value").asDouble();
            assertThat(treatment).as("treatment CTR against control %s", control).isGreaterThan(3 * control);
        } finally {
            assertThat(service.post("/experiments/sim-preference/stop", "").status()).isEqualTo(200);
        }
        assertThat(new SimulationPlan(service.api(), 1, 1, 1, 0, "x", 1, 1, Map.of("als", 0.9)).problems())
                .containsExactly("the click probability of als must be from 0 to 0.8, got 0.9");
    }

    @Test
    void aCountedRunReportsExactlyWhatTheServiceStored() throws Exception {
        JsonNode before = service.json("/metrics/realtime");
        SimulationReport report = new Simulation(plan("count-u", 4, 200, 0, 80),
                Simulation.httpClient(Duration.ofSeconds(5))).run();

        assertThat(report.state()).isEqualTo("finished");
        assertThat(report.endReason()).isEqualTo("count");
        assertThat(report.events().sent()).isEqualTo(80);
        assertThat(report.errors()).isZero();
        assertThat(report.events().accepted()).isEqualTo(80);
        assertThat(report.events().duplicates()).isZero();
        assertThat(report.events().failed()).isZero();
        assertThat(report.recommendationLists()).isPositive();
        assertThat(report.events().withRecommendationId()).isPositive();
        assertThat(report.endpoints().get("POST /events").requests()).isEqualTo(80);
        assertThat(report.endpoints().get("GET /recommend").ok()).isEqualTo(report.recommendationLists());
        assertThat(report.endpoints().get("POST /events").latencyMs().p99()).isPositive();
        assertThat(report.endpoints().get("POST /events").requestsPerSecond()).isPositive();
        assertThat(report.requests()).isEqualTo(80 + report.recommendationLists() + 1);

        // What the service counted while the run went on: events by type and recommend requests.
        JsonNode after = service.json("/metrics/realtime");
        assertThat(after.at("/events/total").asLong() - before.at("/events/total").asLong()).isEqualTo(80);
        report.events().acceptedByType().forEach((type, n) -> assertThat(
                after.at("/events/by_type/" + type + "/total").asLong() - before.at("/events/by_type/" + type + "/total").asLong())
                .as(type).isEqualTo(n));
        assertThat(after.at("/recommend_latency/count").asLong() - before.at("/recommend_latency/count").asLong())
                .isEqualTo(report.recommendationLists());

        // What the service stored: every user's history, by type and with the lists' ids.
        long stored = 0;
        long withList = 0;
        Map<String, Long> byType = new HashMap<>();
        for (int i = 1; i <= 4; i++) {
            JsonNode activity = service.json("/users/count-u" + i + "/activity?limit=1000");
            for (JsonNode e : activity.path("events")) {
                stored++;
                byType.merge(e.path("event_type").asText(), 1L, Long::sum);
                if (!e.path("recommendation_id").isNull()) {
                    withList++;
                }
                assertThat(e.path("source").asText()).isEqualTo("simulator");
            }
            assertThat(service.json("/users/count-u" + i + "/profile").path("total_interactions").asLong())
                    .isEqualTo(activity.path("count").asLong());
        }
        assertThat(stored).isEqualTo(report.events().accepted());
        assertThat(byType).isEqualTo(report.events().acceptedByType());
        assertThat(withList).isEqualTo(report.events().withRecommendationId());
    }

    @Test
    void aTimedRunEndsByItselfAndStopEndsOneEarly() throws Exception {
        SimulationReport timed = new Simulation(plan("timed-u", 2, 20, 1.5, 0),
                Simulation.httpClient(Duration.ofSeconds(5))).run();
        assertThat(timed.state()).isEqualTo("finished");
        assertThat(timed.endReason()).isEqualTo("duration");
        assertThat(timed.events().sent()).isPositive().isEqualTo(timed.events().accepted());

        Simulation long_ = new Simulation(plan("stopped-u", 2, 5, 600, 0), Simulation.httpClient(Duration.ofSeconds(5)));
        long_.start();
        assertThat(LocalBrisk.eventually(Duration.ofSeconds(30), () -> long_.report().events().sent() > 0)).isTrue();
        long_.stop();
        assertThat(long_.awaitEnd(Duration.ofSeconds(30))).isTrue();
        SimulationReport stopped = long_.report();
        assertThat(stopped.state()).isEqualTo("stopped");
        assertThat(stopped.endReason()).isEqualTo("stopped");
        assertThat(stopped.events().sent()).isEqualTo(stopped.events().accepted());
    }

    @Test
    void aServiceThatDoesNotAnswerIsReportedAsSuch() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Simulation simulation = new Simulation(new SimulationPlan(URI.create("http://127.0.0.1:" + closedPort), 1, 10, 1, 0,
                "nobody-u", 1, 2), Simulation.httpClient(Duration.ofSeconds(2)));
        assertThatThrownBy(simulation::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connection_refused");
        assertThat(simulation.report().state()).isEqualTo("failed");
    }

    @Test
    void plansOutOfBoundsAreRefusedWithEveryProblem() {
        SimulationPlan bad = new SimulationPlan(URI.create("ftp://x"), 0, -1, 0, 0, "bad prefix!", 1, 0);
        assertThat(bad.problems()).hasSize(6);
        assertThatThrownBy(bad::validated).hasMessageContaining("users must be from 1")
                .hasMessageContaining("ends by itself");
    }
}
