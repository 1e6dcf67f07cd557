package dev.brisk.bench.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The plain INSERT ceiling into a table as large as the service's own: a table of user_events'
 * shape in a schema of its own, filled with copies of the service's stored events (in the order
 * they were stored, through the same indexes, so its trees grow as the service's did) until it
 * holds as many rows as the service's {@code user_events}. Its windows append to it, their rows
 * are deleted after each, and before each window it is topped up again from the service's newer events.
 *
 * <p>Inserting into a B-tree costs more as the tree grows (a level more to descend, and pages that
 * no longer fit the database's buffers, each written whole to the WAL the first time it changes
 * after a checkpoint), so a ceiling that starts empty in every window is measured on a smaller
 * table than the service writes to. This one is measured on the same size.
 */
public final class SizedCeiling implements AutoCloseable {
    private static final int COPY_CHUNK = 50_000;
    private static final String COPIED = "event_id, user_id, item_id, event_type, rating, timestamp, received_at,"
            + " session_id, source, recommendation_id, metadata";

    private final String url;
    private final String user;
    private final String password;
    private final String source;
    private final String schema;
    private final Connection admin;
    private long copiedUpTo;
    private int windows;

    private SizedCeiling(String url, String user, String password, String source) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.source = source;
        this.schema = "brisk_ceiling_sized_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        this.admin = PostgresCeiling.connect(url, user, password);
        try (Statement s = admin.createStatement()) {
            PostgresCeiling.createTable(s, schema);
        }
    }

    /** A new, empty table; fill it with {@link #topUp()}. {@code source} is the service's schema. */
    public static SizedCeiling create(String url, String user, String password, String source) throws SQLException {
        return new SizedCeiling(url, user, password, source);
    }

    /**
     * Copies the service's events stored after the last one copied, in their order, until this table
     * holds at least as many rows as the service's (or no event is left to copy). Returns the rows
     * this table holds.
     */
    public long topUp() throws SQLException {
        long wanted = count(source);
        long held = count(schema);
        while (held < wanted) {
            int chunk = (int) Math.min(COPY_CHUNK, wanted - held);
            long last;
            int copied;
            try (PreparedStatement ps = admin.prepareStatement("WITH picked AS (SELECT id, " + COPIED + " FROM "
                    + source + ".user_events WHERE id > ? ORDER BY id LIMIT ?), copied AS (INSERT INTO " + schema
                    + ".user_events (" + COPIED + ") SELECT " + COPIED + " FROM picked ORDER BY id"
                    + " ON CONFLICT (event_id) DO NOTHING RETURNING 1)"
                    + " SELECT (SELECT MAX(id) FROM picked), (SELECT COUNT(*) FROM copied)")) {
                ps.setLong(1, copiedUpTo);
                ps.setInt(2, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                    if (rs.wasNull()) {
                        return held; // every stored event was copied already
                    }
                    copied = rs.getInt(2);
                }
            }
            copiedUpTo = last;
            held += copied;
        }
        return held;
    }

    /** The schema of this table. */
    public String schema() {
        return schema;
    }

    /**
     * One window of plain inserts appended to this table; rows per second. Its rows are then deleted
     * and the table vacuumed, so that it does not outgrow the service's: a window appends about twice
     * as many rows as a batch window of the service, and kept, they would make every later window's
     * table larger than the service's. The space they took is left free for the next ones.
     */
    public double window(int seconds, int users, int sessions, int rowsPerStatement)
            throws SQLException, InterruptedException {
        windows++;
        String prefix = "w" + windows + "-s";
        double rowsPerSecond = PostgresCeiling.window(url, user, password, schema, prefix, seconds, users, sessions,
                rowsPerStatement);
        try (PreparedStatement delete = admin.prepareStatement("DELETE FROM " + schema
                + ".user_events WHERE event_id LIKE ?")) {
            delete.setString(1, prefix + "%");
            delete.executeUpdate();
        }
        try (Statement vacuum = admin.createStatement()) {
            vacuum.execute("VACUUM " + schema + ".user_events");
        }
        return rowsPerSecond;
    }

    private long count(String inSchema) throws SQLException {
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + inSchema + ".user_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        } finally {
            admin.close();
        }
    }
}
