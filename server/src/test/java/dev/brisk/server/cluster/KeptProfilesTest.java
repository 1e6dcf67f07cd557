package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.support.Cluster;
import dev.brisk.server.support.PrometheusText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each instance's writer keeps the profiles it wrote last and folds a user's next events into them
 * without reading them back. A profile changed meanwhile by the other instance's writer, or by an
 * erasure, is read again: every step below counts exactly the user's stored events.
 */
class KeptProfilesTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void aProfileChangedElsewhereIsReadAgainBeforeTheNextEventIsFoldedIn() {
        try (Cluster cluster = new Cluster("kept", Map.of("BRISK_VALIDATION_USERS", "0"))) {
            TestService a = cluster.start("kept-a");
            TestService b = cluster.start("kept-b");
            a.putItems("k", 4);

            send(a, "e1", "k1", 0, "view");
            send(a, "e2", "k2", 1, "view");
            assertProfile(a, 2, 2, 0);

            // B has not kept this user: it reads the profile A wrote.
            send(b, "e3", "k1", 2, "click");
            assertProfile(b, 3, 2, 1);

            // A kept the profile of two events; the row now holds three.
            send(a, "e4", "k3", 3, "click");
            assertProfile(a, 4, 2, 2);

            // The erasure of one event rebuilds the row without it.
            b.delete("/events/e1").expect(200);
            assertProfile(b, 3, 1, 2);
            send(a, "e5", "k4", 4, "view");
            assertProfile(a, 4, 2, 2);

            // The erasure of the user deletes the row: A's next event starts a new profile.
            assertThat(b.delete("/users/kp").expect(200).path("erased").path("profiles").asInt()).isEqualTo(1);
            send(a, "e6", "k2", 5, "view");
            JsonNode fresh = assertProfile(a, 1, 1, 0);
            assertThat(fresh.path("session_count").asInt()).isEqualTo(1);
            assertThat(Instant.parse(fresh.path("first_interaction").asText())).isEqualTo(T0.plusSeconds(5));

            // Nothing changed elsewhere: both instances' next events are folded into what they kept or read.
            send(a, "e7", "k3", 6, "view");
            send(b, "e8", "k4", 7, "view");
            send(b, "e9", "k1", 8, "view");
            assertProfile(a, 4, 4, 0);
            assertThat(b.storedEvents("kp")).isEqualTo(4);

            // A used what it kept for e2, e4, e5, e6 and e7, and read the row for e1 and again after each
            // change elsewhere (e4, e5, e6); B read it for e3 and e8 and used what it kept for e8 and e9.
            assertThat(metric(a, "brisk_ingest_profiles_found_kept_total")).isGreaterThanOrEqualTo(5);
            assertThat(metric(a, "brisk_ingest_profiles_read_total")).isGreaterThanOrEqualTo(4);
            assertThat(metric(b, "brisk_ingest_profiles_found_kept_total")).isGreaterThanOrEqualTo(2);
            assertThat(metric(b, "brisk_ingest_profiles_read_total")).isGreaterThanOrEqualTo(2);
            assertThat(metric(a, "brisk_ingest_profiles_kept")).isEqualTo(1);
        }
    }

    private static long metric(TestService via, String name) {
        for (String sample : new PrometheusText(via.get("/metrics").text()).samples()) {
            String[] parts = sample.split(" ");
            if (parts[0].equals(name)) {
                return (long) Double.parseDouble(parts[1]);
            }
        }
        throw new AssertionError(name + " is not exposed");
    }

    private static void send(TestService via, String eventId, String item, int second, String type) {
        via.sendEvents(List.of(TestService.with(TestService.event("kp", item, type, T0.plusSeconds(second)),
                "event_id", eventId)));
    }

    private static JsonNode assertProfile(TestService via, int total, int views, int clicks) {
        JsonNode p = via.get("/users/kp/profile").expect(200);
        assertThat(p.path("total_interactions").asInt()).as("total in %s", p).isEqualTo(total);
        assertThat(p.path("counts").path("view").asInt()).as("views in %s", p).isEqualTo(views);
        assertThat(p.path("counts").path("click").asInt()).as("clicks in %s", p).isEqualTo(clicks);
        return p;
    }
}
