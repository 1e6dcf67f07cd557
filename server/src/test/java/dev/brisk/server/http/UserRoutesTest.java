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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /users/{id}/activity} (pages through {@code next_before}, type filter, time
 * cursor), {@code /users/{id}/profile}, {@code /users/{id}/sessions} and {@code GET /users?q=} (or {@code prefix=}).
 */
class UserRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.HOURS);
    static final String PAGED = "pager";

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        // 9 events; two pairs share a timestamp, so the cursor must break ties by row.
        List<Map<String, Object>> events = new ArrayList<>();
        int[] minutes = {0, 1, 2, 2, 3, 4, 5, 5, 6};
        String[] types = {"view", "click", "view", "click", "view", "purchase", "view", "click", "like"};
        for (int i = 0; i < minutes.length; i++) {
            events.add(with(event(PAGED, "p" + i, types[i], T0.plus(minutes[i], ChronoUnit.MINUTES)),
                    "event_id", "pg-" + i));
        }
        java.util.Collections.reverse(events);
        service.sendEvents(events);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void activityIsNewestFirstWithEveryField() {
        JsonNode body = service.get("/users/" + PAGED + "/activity").expect(200);
        assertThat(body.path("user_id").asText()).isEqualTo(PAGED);
        assertThat(body.path("count").asInt()).isEqualTo(9);
        assertThat(body.path("next_before").isNull()).as("one page holds everything").isTrue();
        JsonNode events = body.path("events");
        Instant previous = Instant.MAX;
        for (JsonNode e : events) {
            Instant t = Instant.parse(e.path("timestamp").asText());
            assertThat(t).isBeforeOrEqualTo(previous);
            previous = t;
            assertThat(e.path("user_id").asText()).isEqualTo(PAGED);
            assertThat(e.path("received_at").asText()).isNotBlank();
            assertThat(e.path("session_id").asText()).isNotBlank();
            assertThat(e.has("rating")).isTrue();
            assertThat(e.has("source")).isTrue();
            assertThat(e.has("recommendation_id")).isTrue();
        }
        assertThat(events.get(0).path("event_id").asText()).isEqualTo("pg-8");
        assertThat(events.get(8).path("event_id").asText()).isEqualTo("pg-0");
    }

    @Test
    void pagesThroughNextBeforeCoverEveryEventOnce() {
        List<String> all = RealTimeScenarioTest.ids(
                service.get("/users/" + PAGED + "/activity").expect(200).path("events"));
        List<String> paged = new ArrayList<>();
        String cursor = null;
        List<Integer> sizes = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            String path = "/users/" + PAGED + "/activity?limit=2" + (cursor == null ? "" : "&before=" + cursor);
            JsonNode body = service.get(path).expect(200);
            sizes.add(body.path("events").size());
            paged.addAll(RealTimeScenarioTest.ids(body.path("events")));
            if (body.path("next_before").isNull()) {
                break;
            }
            cursor = TestService.encode(body.path("next_before").asText());
        }
        assertThat(sizes).containsExactly(2, 2, 2, 2, 1);
        assertThat(paged).isEqualTo(all).doesNotHaveDuplicates().hasSize(9);
    }

    @Test
    void aTimeAsBeforeGivesOlderEvents() {
        Instant cut = T0.plus(3, ChronoUnit.MINUTES);
        JsonNode events = service.get("/users/" + PAGED + "/activity?before=" + TestService.encode(cut.toString()))
                .expect(200).path("events");
        assertThat(RealTimeScenarioTest.ids(events)).containsExactlyInAnyOrder("pg-0", "pg-1", "pg-2", "pg-3");
        JsonNode byMillis = service.get("/users/" + PAGED + "/activity?before=" + cut.toEpochMilli())
                .expect(200).path("events");
        assertThat(byMillis.size()).isEqualTo(4);
    }

    @Test
    void eventTypeFilters() {
        JsonNode clicks = service.get("/users/" + PAGED + "/activity?event_type=click").expect(200).path("events");
        assertThat(RealTimeScenarioTest.ids(clicks)).containsExactly("pg-7", "pg-3", "pg-1");
        JsonNode firstPage = service.get("/users/" + PAGED + "/activity?event_type=view&limit=3").expect(200);
        assertThat(RealTimeScenarioTest.ids(firstPage.path("events"))).containsExactly("pg-6", "pg-4", "pg-2");
        String cursor = TestService.encode(firstPage.path("next_before").asText());
        JsonNode secondPage = service.get("/users/" + PAGED + "/activity?event_type=view&limit=3&before=" + cursor)
                .expect(200);
        assertThat(RealTimeScenarioTest.ids(secondPage.path("events"))).containsExactly("pg-0");
        assertThat(service.get("/users/" + PAGED + "/activity?event_type=dislike").expect(200).path("events").size())
                .isZero();
    }

    @Test
    void anUnknownUserHasNoActivityNoSessionsAndNoProfile() {
        JsonNode body = service.get("/users/ghost/activity").expect(200);
        assertThat(body.path("events").size()).isZero();
        assertThat(body.path("next_before").isNull()).isTrue();
        assertThat(service.get("/users/ghost/sessions").expect(200).path("sessions").size()).isZero();
        service.get("/users/ghost/profile").assertError(404);
    }

    @Test
    void profileAggregatesTheEvents() {
        JsonNode p = service.get("/users/" + PAGED + "/profile").expect(200);
        assertThat(p.path("total_interactions").asLong()).isEqualTo(9);
        assertThat(p.path("counts").path("view").asLong()).isEqualTo(4);
        assertThat(p.path("counts").path("click").asLong()).isEqualTo(3);
        assertThat(p.path("counts").path("purchase").asLong()).isEqualTo(1);
        assertThat(p.path("counts").path("like").asLong()).isEqualTo(1);
        assertThat(p.path("rating_count").asLong()).isZero();
        assertThat(p.path("avg_rating").isNull()).isTrue();
        assertThat(p.path("favorite_genres").isArray()).isTrue();
        assertThat(Instant.parse(p.path("first_interaction").asText())).isEqualTo(T0);
        assertThat(Instant.parse(p.path("last_interaction").asText())).isEqualTo(T0.plus(6, ChronoUnit.MINUTES));
        assertThat(p.path("session_count").asLong()).isEqualTo(1);
    }

    @Test
    void favoriteGenresFollowTheItemsGenres() {
        service.putItems("fav", 4); // fav1, fav3: Comedy; fav2, fav4: Drama
        service.sendEvents(List.of(
                event("fan", "fav1", "purchase", T0),
                event("fan", "fav3", "like", T0.plusSeconds(10)),
                event("fan", "fav2", "view", T0.plusSeconds(20))));
        JsonNode p = service.get("/users/fan/profile").expect(200);
        assertThat(p.path("favorite_genres").get(0).asText()).isEqualTo("Comedy");
        assertThat(p.path("favorite_genres").toString()).contains("Drama");
    }

    @Test
    void sessionsAreNewestFirstWithTheirItems() {
        service.sendEvents(List.of(
                with(event("sessioner", "a", "view", T0), "session_id", "morning"),
                with(event("sessioner", "b", "click", T0.plusSeconds(60)), "session_id", "morning"),
                with(event("sessioner", "c", "view", T0.plus(2, ChronoUnit.HOURS)), "session_id", "evening"),
                with(event("sessioner", "d", "view", T0.plus(2, ChronoUnit.HOURS).plusSeconds(30)),
                        "session_id", "evening"),
                with(event("sessioner", "e", "view", T0.plus(2, ChronoUnit.HOURS).plusSeconds(90)),
                        "session_id", "evening")));
        JsonNode sessions = service.get("/users/sessioner/sessions").expect(200).path("sessions");
        assertThat(sessions.size()).isEqualTo(2);
        JsonNode evening = sessions.get(0);
        assertThat(evening.path("session_id").asText()).isEqualTo("evening");
        assertThat(evening.path("event_count").asInt()).isEqualTo(3);
        assertThat(evening.path("duration_seconds").asLong()).isEqualTo(90);
        assertThat(Instant.parse(evening.path("start").asText())).isEqualTo(T0.plus(2, ChronoUnit.HOURS));
        assertThat(evening.path("items").toString()).isEqualTo("[\"c\",\"d\",\"e\"]");
        JsonNode morning = sessions.get(1);
        assertThat(morning.path("session_id").asText()).isEqualTo("morning");
        assertThat(morning.path("event_count").asInt()).isEqualTo(2);
        assertThat(Instant.parse(morning.path("end").asText())).isEqualTo(T0.plusSeconds(60));
        assertThat(service.get("/users/sessioner/profile").expect(200).path("session_count").asLong()).isEqualTo(2);
        assertThat(service.get("/users/sessioner/sessions?limit=1").expect(200).path("sessions").size()).isEqualTo(1);
    }

    @Test
    void eventsWithoutSessionIdAreGroupedByTheInactivityGap() {
        service.sendEvents(List.of(
                event("gapper", "a", "view", T0),
                event("gapper", "b", "view", T0.plus(10, ChronoUnit.MINUTES)),
                event("gapper", "c", "view", T0.plus(80, ChronoUnit.MINUTES))));
        JsonNode sessions = service.get("/users/gapper/sessions").expect(200).path("sessions");
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.get(0).path("items").toString()).isEqualTo("[\"c\"]");
        assertThat(sessions.get(1).path("items").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(service.get("/users/gapper/profile").expect(200).path("session_count").asLong()).isEqualTo(2);
    }

    /**
     * Events may arrive late: a late event that happened one minute after the user's first event
     * belongs to that first session, not to a new one.
     */
    @Test
    void aLateEventJoinsTheSessionItHappenedIn() {
        service.sendEvents(event("latecomer", "a", "view", T0));
        service.sendEvents(event("latecomer", "b", "view", T0.plus(40, ChronoUnit.MINUTES)));
        service.sendEvents(event("latecomer", "c", "view", T0.plus(1, ChronoUnit.MINUTES)));
        JsonNode sessions = service.get("/users/latecomer/sessions").expect(200).path("sessions");
        assertThat(sessions.findValuesAsText("session_id")).as("sessions: %s", sessions).hasSize(2);
        assertThat(sessions.get(1).path("items").toString()).isEqualTo("[\"a\",\"c\"]");
        assertThat(service.get("/users/latecomer/profile").expect(200).path("session_count").asLong()).isEqualTo(2);
    }

    /**
     * In one batch: a session opened by the first event, a second one 40 minutes later, then a late
     * event one minute after the first. It joins the first session, which counts once.
     */
    @Test
    void aLateEventJoinsASessionOpenedInTheSameBatch() {
        service.sendEvents(List.of(
                event("batcher", "a", "view", T0),
                event("batcher", "b", "view", T0.plus(40, ChronoUnit.MINUTES)),
                event("batcher", "c", "view", T0.plus(1, ChronoUnit.MINUTES))));
        JsonNode sessions = service.get("/users/batcher/sessions").expect(200).path("sessions");
        assertThat(sessions.findValuesAsText("session_id")).as("sessions: %s", sessions).hasSize(2);
        assertThat(sessions.get(1).path("items").toString()).isEqualTo("[\"a\",\"c\"]");
        assertThat(service.get("/users/batcher/profile").expect(200).path("session_count").asLong()).isEqualTo(2);
    }

    @Test
    void usersAreFoundByPrefix() {
        service.sendEvents(List.of(
                event("team-anna", "x", "view", T0),
                event("team-ben", "x", "view", T0),
                event("team-ben", "y", "view", T0.plusSeconds(1)),
                event("other-carl", "x", "view", T0)));
        JsonNode users = service.get("/users?prefix=team-").expect(200).path("users");
        List<String> ids = new ArrayList<>();
        users.forEach(u -> ids.add(u.asText()));
        assertThat(ids).containsExactlyInAnyOrder("team-anna", "team-ben");
        assertThat(service.get("/users?prefix=team-&limit=1").expect(200).path("users").size()).isEqualTo(1);
        assertThat(service.get("/users?prefix=nobody-").expect(200).path("users").size()).isZero();
        assertThat(service.get("/users?prefix=team%25").expect(200).path("users").size())
                .as("% is a character, not a wildcard").isZero();
        assertThat(service.get("/users").expect(200).path("users").size()).isGreaterThanOrEqualTo(3);

        JsonNode byQ = service.get("/users?q=team-a").expect(200).path("users");
        assertThat(byQ.size()).isEqualTo(1);
        assertThat(byQ.get(0).asText()).isEqualTo("team-anna");
        assertThat(service.get("/users?q=team-&prefix=team-").expect(200).path("users").size()).isEqualTo(2);
        service.get("/users?q=team-&prefix=other-").assertError(400);
        service.get("/users?q=" + "x".repeat(129)).assertError(400);
        service.get("/users?q=team-&limit=0").assertError(400);
    }
}
