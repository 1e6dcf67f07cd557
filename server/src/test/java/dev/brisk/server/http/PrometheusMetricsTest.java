package dev.brisk.server.http;

import static dev.brisk.server.TestService.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.support.PrometheusText;
import dev.brisk.server.support.PrometheusText.Family;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} as Prometheus reads it: latencies are histograms (buckets that can be summed
 * across instances), never summaries, and every family Brisk registers says what it measures.
 */
class PrometheusMetricsTest {
    private static final List<String> LATENCIES = List.of("brisk_recommend_latency_seconds", "brisk_freshness_seconds",
            "brisk_ingest_commit_seconds", "brisk_cache_latency_seconds", "brisk_http_requests_seconds");

    @TempDir
    static Path dir;
    static TestService service;
    static PrometheusText scrape;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        service.putItems("pm", 5);
        service.retrainPopular();
        service.sendEvents(event("pm-user", "pm1", "view", null));
        service.get("/recommend?user_id=pm-user").expect(200);
        service.get("/recommend?user_id=pm-user").expect(200);
        service.get("/no/such/path/42").assertError(404);
        TestService.Response r = service.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        scrape = new PrometheusText(r.text());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void everyBriskFamilyHasHelpText() {
        List<Family> brisk = scrape.families().values().stream().filter(f -> f.name().startsWith("brisk_")).toList();
        assertThat(brisk).hasSizeGreaterThan(15);
        assertThat(brisk).allSatisfy(f -> assertThat(f.help()).as("# HELP of " + f.name()).isNotBlank());
    }

    @Test
    void latenciesAreHistogramsWithBucketsAndNothingIsASummary() {
        assertThat(scrape.families().values()).noneSatisfy(f -> assertThat(f.type()).isEqualTo("summary"));
        for (String latency : LATENCIES) {
            assertThat(scrape.families()).containsKey(latency);
            assertThat(scrape.families().get(latency).type()).as(latency).isEqualTo("histogram");
            assertThat(scrape.samples()).as(latency)
                    .anyMatch(s -> s.startsWith(latency + "_bucket{") && s.contains("le=\"0.005\""))
                    .anyMatch(s -> s.startsWith(latency + "_bucket{") && s.contains("le=\"+Inf\""));
        }
        assertThat(scrape.samples()).as("the recommendation answered above, counted in its bucket")
                .anyMatch(s -> s.matches("brisk_recommend_latency_seconds_bucket\\{le=\"\\+Inf\"} [1-9].*"))
                .anyMatch(s -> s.matches("brisk_freshness_seconds_count [1-9].*"));
    }

    @Test
    void requestsAreCountedByRouteTemplateAndStatus() {
        assertThat(scrape.samples())
                .anyMatch(s -> s.startsWith("brisk_http_requests_seconds_count{") && s.contains("route=\"/recommend\"")
                        && s.contains("status=\"200\"") && s.contains("method=\"GET\""))
                .anyMatch(s -> s.startsWith("brisk_http_requests_seconds_count{") && s.contains("route=\"unmatched\"")
                        && s.contains("status=\"404\""))
                .noneMatch(s -> s.contains("/no/such/path"));
    }

    @Test
    void queueAndTrainingFiguresAreExposed() {
        assertThat(scrape.seriesNames()).contains("brisk_ingest_queue_events", "brisk_ingest_queue_capacity",
                "brisk_training_runs_total", "brisk_training_leader", "brisk_training_last_duration_seconds",
                "brisk_cache_requests_total", "brisk_events_accepted_total", "brisk_history_hits_total",
                "brisk_history_held_events", "brisk_training_paused_seconds_total", "brisk_ingest_profiles_kept",
                "brisk_ingest_profiles_found_kept_total", "brisk_ingest_profiles_read_total");
        assertThat(scrape.samples()).anyMatch(s -> s.matches("brisk_training_runs_total [1-9].*"))
                .as("the history of the list made above, read from the database")
                .anyMatch(s -> s.matches("brisk_history_reads_total [1-9].*"));
    }
}
