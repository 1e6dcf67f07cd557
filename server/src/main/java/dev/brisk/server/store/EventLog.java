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
     * Inserts events with multi-row statements; an event whose id is already stored is skipped.
     * Returns, per event, the row id it was stored under, or 0 where it was skipped (from what the
     * database reports back).
     */
    public long[] insert(Connection c, List<Event> events, long receivedAt) throws SQLException {
        Map<String, Long> inserted = new HashMap<>(events.size() * 2);
        if (AnyOf.postgres(c)) {
            insertArrays(c, events, receivedAt, inserted);
            return insertedOnes(events, inserted);
        }
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
        return insertedOnes(events, inserted);
    }

    private static long[] insertedOnes(List<Event> events, Map<String, Long> inserted) {
        long[] result = new long[events.size()];
        for (int i = 0; i < result.length; i++) {
            Long id = inserted.remove(events.get(i).eventId());
            result[i] = id == null ? 0 : id;
        }
        return result;
    }

    /**
     * PostgreSQL: every event in one statement of one text, its columns passed as arrays and
     * turned back into rows by {@code unnest} (in order, so row ids follow the events' order). A
     * multi-row VALUES list is a new statement for every group size, parsed and planned each time.
     */
    private static void insertArrays(Connection c, List<Event> events, long receivedAt, Map<String, Long> inserted)
            throws SQLException {
        int n = events.size();
        String[] ids = new String[n];
        String[] users = new String[n];
        String[] items = new String[n];
        String[] types = new String[n];
        Double[] ratings = new Double[n];
        Long[] times = new Long[n];
        String[] sessions = new String[n];
        String[] sources = new String[n];
        String[] lists = new String[n];
        String[] metadata = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            ids[i] = e.eventId();
            users[i] = e.userId();
            items[i] = e.itemId();
            types[i] = e.type().wireName();
            ratings[i] = e.hasRating() ? e.rating() : null;
            times[i] = e.timestamp();
            sessions[i] = e.sessionId();
            sources[i] = e.source();
            lists[i] = e.recommendationId();
            metadata[i] = e.metadata() == null ? null : Json.write(e.metadata());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_events (event_id, user_id, item_id, event_type,"
                + " rating, timestamp, received_at, session_id, source, recommendation_id, metadata)"
                + " SELECT e, u, i, t, r, ts, ?, s, src, rec, m FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::float8[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) AS x(e, u, i, t, r, ts, s, src, rec, m)"
                + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id, id")) {
            ps.setLong(1, receivedAt);
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("text", users));
            ps.setArray(4, c.createArrayOf("text", items));
            ps.setArray(5, c.createArrayOf("text", types));
            ps.setArray(6, c.createArrayOf("float8", ratings));
            ps.setArray(7, c.createArrayOf("bigint", times));
            ps.setArray(8, c.createArrayOf("text", sessions));
            ps.setArray(9, c.createArrayOf("text", sources));
            ps.setArray(10, c.createArrayOf("text", lists));
            ps.setArray(11, c.createArrayOf("text", metadata));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
