package dev.brisk.server.store;

import dev.brisk.core.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** {@code user_events} as the durable, idempotent log of every interaction: the ingest writer's statements, inside its transaction. */
public final class EventLog {
    private static final int IN_CHUNK = 500;
    /** Rows per INSERT: 11 parameters each, well under both databases' parameter limits. */
    private static final int INSERT_CHUNK = 500;
    private static final String USER_LOCK_PATIENCE = "3s";

    private final Database db;

    public EventLog(Database db) {
        this.db = db;
    }

    /**
     * Which of these event ids are already stored, each with what its event says: its
     * {@link #content(Event)}, to tell a retry from a different event reusing the id.
     */
    public Map<String, String> existingEvents(Connection c, Collection<String> eventIds) throws SQLException {
        Map<String, String> found = new HashMap<>();
        List<String> ids = new ArrayList<>(eventIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String sql = "SELECT event_id, user_id, item_id, event_type, rating FROM user_events WHERE "
                    + AnyOf.condition(c, "event_id", chunk.size());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                AnyOf.bindText(c, ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double rating = rs.getDouble(5);
                        if (rs.wasNull()) { // asked before any other column is read
                            rating = Double.NaN;
                        }
                        found.put(rs.getString(1), content(rs.getString(2), rs.getString(3), rs.getString(4), rating));
                    }
                }
            }
        }
        return found;
    }

    /** Which of these event ids are stored (on a connection of its own). */
    public java.util.Set<String> storedIds(Collection<String> eventIds) {
        return db.withConnection(c -> new java.util.HashSet<>(existingEvents(c, eventIds).keySet()));
    }

    /**
     * What makes two events with one id the same event: user, item, type and rating. Not the
     * timestamp, which a retry without one gets anew.
     */
    public static String content(Event e) {
        return content(e.userId(), e.itemId(), e.type().wireName(), e.rating());
    }

    private static String content(String user, String item, String type, double rating) {
        return user + '\u0000' + item + '\u0000' + type + '\u0000' + (Double.isNaN(rating) ? "" : Double.toString((float) rating));
    }

    /**
     * On PostgreSQL, holds these users (by their lock keys, taken in the order given) until the
     * transaction ends, so that two writers (of this instance or another) never read and rewrite
     * one user's profile at once; each wait lasts a few seconds at most. SQLite writes one
     * transaction at a time and needs none.
     */
    public void lockUsers(Connection c, long[] keysInOrder) throws SQLException {
        if (db.dialect() != Dialect.POSTGRESQL || keysInOrder.length == 0) {
            return;
        }
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '" + USER_LOCK_PATIENCE + "'");
        }
        Long[] keys = new Long[keysInOrder.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keysInOrder[i];
        }
        // unnest yields the array in order, and each row's lock is taken as the row is produced.
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(k) FROM unnest(?) AS t(k)")) {
            ps.setArray(1, c.createArrayOf("bigint", keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // one row per lock taken
                }
            }
        }
    }

    /** Whether a user has an event in a session (user, session). */
    static final String SESSION_EXISTS = "SELECT 1 FROM user_events WHERE user_id = ? AND session_id = ? LIMIT 1";
    /** The session of a user's event nearest in time (user, from, to, at). */
    static final String NEAREST_SESSION = "SELECT session_id FROM user_events WHERE user_id = ?"
            + " AND timestamp BETWEEN ? AND ? AND session_id IS NOT NULL ORDER BY ABS(timestamp - ?), id LIMIT 1";

    /** Whether the user already has an event in this session. */
    public boolean sessionExists(Connection c, String userId, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SESSION_EXISTS)) {
            ps.setString(1, userId);
            ps.setString(2, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The session of the user's stored event nearest in time to {@code at}, within the gap; null if none. */
    public String nearestSession(Connection c, String userId, long at, long gapMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NEAREST_SESSION)) {
            ps.setString(1, userId);
            ps.setLong(2, at - gapMillis);
            ps.setLong(3, at + gapMillis);
            ps.setLong(4, at);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Inserts every one of these events, none of whose ids may be stored already: returns the row
     * id of each, in order. When one is stored (a retry, a redelivery, or another instance's writer
     * a moment ago) it throws {@link IdTaken}, and the transaction is to be rolled back.
     */
    public long[] insert(Connection c, List<Event> events, long receivedAt) throws SQLException {
        if (AnyOf.postgres(c)) {
            return copyIn(c, events, receivedAt);
        }
        Map<String, Long> inserted = new HashMap<>(events.size() * 2);
        for (int from = 0; from < events.size(); from += INSERT_CHUNK) {
            List<Event> chunk = events.subList(from, Math.min(events.size(), from + INSERT_CHUNK));
            StringBuilder sql = new StringBuilder(120 + chunk.size() * 34).append("INSERT INTO user_events (event_id,"
                    + " user_id, item_id, event_type, rating, timestamp, received_at, session_id, source, recommendation_id, metadata)"
                    + " VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            sql.append(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id, id");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (Event e : chunk) {
                    ps.setString(p++, e.eventId());
                    ps.setString(p++, e.userId());
                    ps.setString(p++, e.itemId());
                    ps.setString(p++, e.type().wireName());
                    if (e.hasRating()) {
                        ps.setDouble(p++, e.rating());
                    } else {
                        ps.setNull(p++, Types.DOUBLE);
                    }
                    ps.setLong(p++, e.timestamp());
                    ps.setLong(p++, receivedAt);
                    ps.setString(p++, e.sessionId());
                    ps.setString(p++, e.source());
                    ps.setString(p++, e.recommendationId());
                    ps.setString(p++, e.metadata() == null ? null : Json.write(e.metadata()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        long[] result = new long[events.size()];
        for (int i = 0; i < result.length; i++) {
            Long id = inserted.remove(events.get(i).eventId());
            if (id == null) {
                throw new IdTaken(null);
            }
            result[i] = id;
        }
        return result;
    }

    /**
     * PostgreSQL: the events' row ids are drawn from the table's sequence in one statement, in
     * order, and the rows go in by one binary {@code COPY}: no values turned into text and parsed
     * back, no rows returned, and no {@code ON CONFLICT} check before each row (the unique index
     * refuses a stored id by itself). See BENCHMARKS.md for what it gained over the {@code unnest}
     * insert with {@code ON CONFLICT DO NOTHING RETURNING} it replaced.
     */
    private static long[] copyIn(Connection c, List<Event> events, long receivedAt) throws SQLException {
        int n = events.size();
        long[] rowIds = new long[n];
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT array_agg(nextval('user_events_id_seq')) FROM generate_series(1, ?)")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object[] drawn = (Object[]) rs.getArray(1).getArray();
                for (int i = 0; i < n; i++) {
                    rowIds[i] = ((Number) drawn[i]).longValue();
                }
            }
        }
        java.util.Arrays.sort(rowIds); // drawn in order; sorted so that row ids follow the events' order whatever
        BinaryCopyRows rows = new BinaryCopyRows(n * 160);
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            rows.row(COPY_FIELDS)
                    .int8(rowIds[i])
                    .text(e.eventId())
                    .text(e.userId())
                    .text(e.itemId())
                    .text(e.type().wireName())
                    .float8(e.hasRating() ? e.rating() : null)
                    .int8(e.timestamp())
                    .int8(receivedAt)
                    .text(e.sessionId())
                    .text(e.source())
                    .text(e.recommendationId())
                    .text(e.metadata() == null ? null : Json.write(e.metadata()));
        }
        rows.finish();
        try {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY user_events (id, event_id, user_id,"
                    + " item_id, event_type, rating, timestamp, received_at, session_id, source, recommendation_id,"
                    + " metadata) FROM STDIN (FORMAT binary)");
            try {
                copy.writeToCopy(rows.buffer(), 0, rows.size());
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IdTaken(e);
            }
            throw e;
        }
        return rowIds;
    }

    /** The columns of a row written by {@link #copyIn}. */
    private static final int COPY_FIELDS = 12;
    private static final String UNIQUE_VIOLATION = "23505";

    /** An event id was stored already: nothing of the insert is kept, and its transaction is to be rolled back. */
    public static final class IdTaken extends SQLException {
        IdTaken(SQLException cause) {
            super("an event id is stored already", UNIQUE_VIOLATION, cause);
        }
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
