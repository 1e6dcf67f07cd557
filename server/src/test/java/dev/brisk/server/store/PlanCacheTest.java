package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.EventTypes;
import dev.brisk.server.support.SharedServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a statement run often on one connection must not keep a plan made while its table
 * was empty: the generic plan PostgreSQL caches then reads the whole table, and went on doing so as
 * the table grew (until autovacuum analysed it again).
 */
class PlanCacheTest {
    @Test
    void aLookupMadeOftenOnAnEmptyTableUsesTheIndexOnceTheTableHasGrown() throws Exception {
        List<String> absent = List.of("no-such-event-1", "no-such-event-2", "no-such-event-3");
        onOneConnection("plans", (db, c) -> {
            EventLog events = new EventLog(db);
            execute(c, "ANALYZE user_events"); // as autovacuum leaves a table it found (nearly) empty
            for (int i = 0; i < 20; i++) { // past the driver's and the server's thresholds for a cached plan
                assertThat(events.existingEvents(c, absent)).isEmpty();
            }
            addRows(c);
            long[] scans = scansOf(c, () -> assertThat(events.existingEvents(c, List.of("e17", "e4242", "no-such-event-1")))
                    .containsOnlyKeys("e17", "e4242"));
            assertThat(scans[0]).as("sequential scans of user_events").isZero();
            assertThat(scans[1]).as("index scans of user_events").isPositive();
        });
    }

    /**
     * The trainer reads the newest rows every second. On a table filled faster than it is analysed
     * (here: never analysed), the planner took a whole-table scan and a sort for it; it walks the
     * primary key from the cursor instead, and so does the read of a gap.
     */
    @Test
    void theTrainersReadsOfNewRowsWalkTheKeyOnATableNotAnalysedYet() throws Exception {
        onOneConnection("tail", (db, c) -> {
            InteractionReader reader = new InteractionReader(db, EventTypes.BUILT_IN);
            addRows(c);
            List<Long> tail = new ArrayList<>();
            List<Long> gap = new ArrayList<>();
            long[] scans = scansOf(c, () -> {
                assertThat(reader.readAfter(c, 19_990, 5_000, (id, user, item, type, rating, time) -> tail.add(id)))
                        .isEqualTo(10);
                assertThat(reader.readBetween(c, 101, 4_000, (id, user, item, type, rating, time) -> gap.add(id)))
                        .isEqualTo(3_900);
            });
            assertThat(tail).first().isEqualTo(19_991L);
            assertThat(tail).isSorted();
            assertThat(gap).first().isEqualTo(101L);
            assertThat(gap).isSorted();
            assertThat(scans[0]).as("sequential scans of user_events").isZero();
            assertThat(scans[1]).as("index scans of user_events").isEqualTo(2);
        });
    }

    @FunctionalInterface
    private interface OnConnection {
        void run(Database db, Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Reads {
        void run() throws SQLException;
    }

    /** Runs {@code work} on one connection of a fresh schema: every statement in one server session, with its plan cache. */
    private static void onOneConnection(String name, OnConnection work) throws Exception {
        String schema = SharedServices.freshSchema(name);
        Database.Settings settings = new Database.Settings(SharedServices.POSTGRES_URL, SharedServices.POSTGRES_USER,
                "", schema, 2);
        try (Database db = Database.open(settings)) {
            db.withConnection(c -> {
                work.run(db, c);
                return null;
            });
        } finally {
            SharedServices.dropSchema(schema);
        }
    }

    /** Rows 1 to 20,000 of 500 users, committed. */
    private static void addRows(Connection c) throws SQLException {
        execute(c, "INSERT INTO user_events (event_id, user_id, item_id, event_type, timestamp, received_at)"
                + " SELECT 'e' || g, 'u' || (g % 500), 'i' || (g % 300), 'view', g, g"
                + " FROM generate_series(1, 20000) AS g");
    }

    /** The sequential and index scans of user_events that {@code reads} made, in a transaction rolled back after. */
    private static long[] scansOf(Connection c, Reads reads) throws SQLException {
        c.setAutoCommit(false);
        try {
            long[] before = scans(c);
            reads.run();
            long[] after = scans(c);
            return new long[] {after[0] - before[0], after[1] - before[1]};
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Sequential and index scans of user_events in this transaction so far. */
    private static long[] scans(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq_scan, COALESCE(idx_scan, 0)"
                + " FROM pg_stat_xact_user_tables WHERE relname = 'user_events' AND schemaname = current_schema()");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
        }
    }
}
