package dev.brisk.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sized ceiling's table against a real PostgreSQL: as many rows as the service's, copied in order, then its own. */
class SizedCeilingTest {
    private static final String URL = env("BRISK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("BRISK_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("BRISK_TEST_PG_PASSWORD", "");

    private final String source = "sized_ceiling_source_" + System.nanoTime();
    private Connection c;

    @BeforeEach
    void serviceTable() throws SQLException {
        c = DriverManager.getConnection(URL, USER, PASSWORD);
        try (Statement s = c.createStatement()) {
            PostgresCeiling.createTable(s, source);
        }
    }

    @AfterEach
    void dropIt() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + source + " CASCADE");
        } finally {
            c.close();
        }
    }

    @Test
    void holdsAsManyRowsAsTheServiceCopiedInTheirOrderDeletesEachWindowsRowsAndIsDroppedAtTheEnd() throws Exception {
        stored(0, 120);
        String schema;
        try (SizedCeiling sized = SizedCeiling.create(URL, USER, PASSWORD, source)) {
            schema = sized.schema();
            assertThat(sized.topUp()).isEqualTo(120);
            assertThat(ids(schema, "e%")).isEqualTo(ids(source, "e%"));

            stored(120, 30);
            assertThat(sized.topUp()).isEqualTo(150);
            assertThat(ids(schema, "e%")).isEqualTo(ids(source, "e%"));

            double rowsPerSecond = sized.window(1, 50, 2, 20);
            assertThat(rowsPerSecond).isPositive();
            // The window's rows are gone again: the table holds the service's rows only.
            assertThat(count(schema)).isEqualTo(150);
            assertThat(ids(schema, "w%")).isZero();
            assertThat(sized.topUp()).isEqualTo(150);

            // The service grows: only its newer events are copied, each once.
            stored(150, 40);
            assertThat(sized.topUp()).isEqualTo(190);
            assertThat(ids(schema, "e%")).isEqualTo(190);

            // A second window does not repeat the first one's ids, and is deleted too.
            assertThat(sized.window(1, 50, 2, 20)).isPositive();
            assertThat(count(schema)).isEqualTo(190);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    /** Stores events e{from}.. of the service, in order. */
    private void stored(int from, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + source + ".user_events (event_id, user_id,"
                + " item_id, event_type, timestamp, received_at, session_id, source)"
                + " SELECT 'e' || g, 'u' || (g % 7), 'i' || (g % 5), 'view', g, g, 's-' || (g % 7), 'web'"
                + " FROM generate_series(?::int, ?::int) AS g ORDER BY g")) {
            ps.setInt(1, from);
            ps.setInt(2, from + n - 1);
            ps.executeUpdate();
        }
    }

    private long ids(String schema, String like) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT event_id) FROM " + schema
                + ".user_events WHERE event_id LIKE ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long count(String schema) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + schema + ".user_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
