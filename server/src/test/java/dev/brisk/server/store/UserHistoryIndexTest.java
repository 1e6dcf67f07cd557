package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventTypes;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The history read for every list made comes from the index by user alone, in the order the
 * models expect (newest first, the latest {@code limit}), not from a read of the table per event.
 */
class UserHistoryIndexTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aUsersLatestEventsAreReadFromTheIndexAlone(String dialect) throws Exception {
        Database.Settings settings = SharedServices.freshDatabase(dialect, dir, "history_index");
        try (Database db = Database.open(settings)) {
            addEvents(db);
            List<String> plan = db.withConnection(c -> {
                execute(c, dialect.equals("sqlite") ? "ANALYZE" : "VACUUM ANALYZE user_events");
                return plan(c, dialect);
            });
            assertThat(String.join("\n", plan)).as("plan of the history read")
                    .contains(dialect.equals("sqlite") ? "USING COVERING INDEX idx_events_user_recent"
                            : "Index Only Scan using idx_events_user_recent");

            List<Event> history = new ActivityStore(db, EventTypes.declaring(List.of())).recentInteractions("u7", 40);
            List<Long> expected = new ArrayList<>();
            for (int n = 2_977; expected.size() < 40; n -= 30) {
                expected.add(1_700_000_000_000L + n * 1_000L);
            }
            assertThat(history).extracting(Event::timestamp).containsExactlyElementsOf(expected);
            assertThat(history.get(0).itemId()).isEqualTo("i" + (2_977 * 7) % 500);
            assertThat(history).filteredOn(Event::hasRating).extracting(Event::rating).containsOnly(4.5).hasSize(20);
        } finally {
            SharedServices.dropSchemaOf(settings);
        }
    }

    /**
     * On SQLite the index by user also holds the session, in place of an index of its own (one page
     * less written per event): every read of a user's sessions is answered from it alone.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite"})
    void aUsersSessionsAreReadFromTheIndexByUserAlone(String dialect) throws Exception {
        Database.Settings settings = SharedServices.freshDatabase(dialect, dir, "session_index");
        try (Database db = Database.open(settings)) {
            addEvents(db);
            db.withConnection(c -> {
                execute(c, "ANALYZE");
                return null;
            });
            for (String sql : List.of(ActivityStore.SESSIONS, ActivityStore.SESSION_ITEMS, EventLog.SESSION_EXISTS,
                    EventLog.NEAREST_SESSION)) {
                List<String> lines = db.withConnection(c -> explain(c, sql));
                String plan = String.join("\n", lines);
                assertThat(plan).as(sql).contains("USING COVERING INDEX idx_events_user_recent (user_id=?")
                        .doesNotContain("SCAN user_events");
            }
            List<SessionSummary> sessions = new ActivityStore(db, EventTypes.declaring(List.of()))
                    .sessions("u7", 3);
            assertThat(sessions).hasSize(3);
        } finally {
            SharedServices.dropSchemaOf(settings);
        }
    }

    /**
     * 3,000 events of 30 users, interleaved as traffic leaves them, a second apart, in sessions of
     * 300 events; u7 rates some of its items.
     */
    private static void addEvents(Database db) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_events (event_id, user_id, item_id,"
                    + " event_type, rating, timestamp, received_at, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int n = 0; n < 3_000; n++) {
                    String user = "u" + n % 30;
                    boolean rated = user.equals("u7") && n % 60 == 7;
                    ps.setString(1, "e" + n);
                    ps.setString(2, user);
                    ps.setString(3, "i" + (n * 7) % 500);
                    ps.setString(4, rated ? "rating" : "view");
                    if (rated) {
                        ps.setDouble(5, 4.5);
                    } else {
                        ps.setNull(5, java.sql.Types.DOUBLE);
                    }
                    ps.setLong(6, 1_700_000_000_000L + n * 1_000L);
                    ps.setLong(7, 1_700_000_000_000L + n * 1_000L);
                    ps.setString(8, "s" + n / 300);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static List<String> explain(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            int parameters = ps.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= parameters; i++) {
                ps.setString(i, "u7");
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(4));
                }
            }
        }
        return lines;
    }

    private static List<String> plan(Connection c, String dialect) throws SQLException {
        String explain = dialect.equals("sqlite") ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(explain + ActivityStore.RECENT_INTERACTIONS)) {
            ps.setString(1, "u7");
            ps.setInt(2, 40);
            try (ResultSet rs = ps.executeQuery()) {
                int column = dialect.equals("sqlite") ? 4 : 1; // SQLite: id, parent, notused, detail
                while (rs.next()) {
                    lines.add(rs.getString(column));
                }
            }
        }
        return lines;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
