package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.support.Cluster;
import dev.brisk.server.support.EventSenders;
import dev.brisk.server.support.SharedServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a large batch is written as several transactions in parallel, one per range of
 * users. They commit together or not at all: when the database refuses the events of one user,
 * the request is answered 503 and none of its events (of any user) is stored.
 */
class GroupInPartsTest {

    @Test
    void aBatchSplitIntoPartsIsStoredWholeOrNotAtAll() throws Exception {
        try (Cluster cluster = new Cluster("parts", Map.of("BRISK_VALIDATION_USERS", "0", "BRISK_INGEST_WRITERS", "4"))) {
            TestService service = cluster.start("parts-a");
            refuseEventsOf("refused-user", cluster.schema());

            TestService.Response whole = service.post("/events", batch("ok", 500, false));
            assertThat(whole.expect(200).path("accepted").asInt()).isEqualTo(500);

            TestService.Response refused = service.post("/events", batch("bad", 500, true));
            refused.assertError(503);
            assertThat(refused.retryAfter()).isNotNull();

            Map<String, Integer> stored = EventSenders.storedIds(SharedServices.POSTGRES_URL, cluster.schema());
            assertThat(stored.keySet()).as("the whole first batch").filteredOn(id -> id.startsWith("ok-")).hasSize(500);
            assertThat(stored.keySet()).as("nothing of the refused batch, in any part")
                    .noneMatch(id -> id.startsWith("bad-"));
            assertThat(service.get("/users/gp-user-3/profile").json().path("total_interactions").asLong())
                    .as("profiles hold only the stored batch").isEqualTo(countFor("gp-user-3", 500));
        }
    }

    /**
     * A batch split into parts, some of whose ids are stored already (a client's retry that also
     * carries new events): the first attempt, which does not look for stored ids, meets them at its
     * insert and the whole group is written again, looking. Exactly the new events are stored, the
     * profiles count each event once, and an old id sent with other content is a conflict.
     */
    @Test
    void aSplitBatchHoldingStoredIdsStoresExactlyTheNewOnes() throws Exception {
        try (Cluster cluster = new Cluster("partsdup", Map.of("BRISK_VALIDATION_USERS", "0", "BRISK_INGEST_WRITERS", "4"))) {
            TestService service = cluster.start("partsdup-a");
            assertThat(service.post("/events", batch("old", 500, false)).expect(200).path("accepted").asInt()).isEqualTo(500);

            List<Map<String, Object>> mixed = new ArrayList<>(batch("old", 500, false).subList(0, 100));
            Map<String, Object> changed = new java.util.HashMap<>(mixed.get(7));
            changed.put("item_id", "another-item");
            mixed.set(7, changed);
            mixed.addAll(batch("new", 400, false));
            com.fasterxml.jackson.databind.JsonNode answer = service.post("/events", mixed).expect(200);
            assertThat(answer.path("accepted").asInt()).isEqualTo(400);
            assertThat(answer.path("duplicates").asInt()).isEqualTo(100);
            assertThat(answer.path("conflicts")).as("the old id sent with other content").hasSize(1);
            assertThat(answer.path("conflicts").get(0).path("index").asInt()).isEqualTo(7);
            assertThat(answer.path("conflicts").get(0).path("event_id").asText()).isEqualTo("old-7");

            Map<String, Integer> stored = EventSenders.storedIds(SharedServices.POSTGRES_URL, cluster.schema());
            assertThat(stored).hasSize(900);
            assertThat(stored.values()).as("every id once").containsOnly(1);
            assertThat(service.get("/users/gp-user-3/profile").json().path("total_interactions").asLong())
                    .as("each event counted once").isEqualTo(countFor("gp-user-3", 500) + countFor("gp-user-3", 400));
        }
    }

    /** {@code n} view events over 40 users (so every part gets some), the last one of the refused user when asked. */
    private static List<Map<String, Object>> batch(String prefix, int n, boolean withRefusedUser) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String user = withRefusedUser && i == n - 1 ? "refused-user" : "gp-user-" + (i % 40);
            events.add(Map.of("event_id", prefix + "-" + i, "user_id", user, "item_id", "i" + (1 + i % 50),
                    "event_type", "view"));
        }
        return events;
    }

    private static long countFor(String user, int n) {
        return java.util.stream.IntStream.range(0, n).filter(i -> ("gp-user-" + (i % 40)).equals(user)).count();
    }

    /** A trigger that makes the database refuse any event of {@code user}, as a failing disk or constraint would. */
    private static void refuseEventsOf(String user, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(SharedServices.POSTGRES_URL, SharedServices.POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION " + schema + ".refuse_user() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.user_id = '" + user + "' THEN RAISE EXCEPTION 'refused for the test'; END IF;"
                    + " RETURN NEW; END $$");
            s.execute("CREATE TRIGGER refuse_user BEFORE INSERT ON " + schema + ".user_events"
                    + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".refuse_user()");
        }
    }
}
