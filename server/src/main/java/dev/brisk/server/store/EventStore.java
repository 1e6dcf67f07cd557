package dev.brisk.server.store;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The {@code user_events} table: the durable, idempotent log of every interaction. */
public final class EventStore {
    private static final String COLUMNS =
            "id, event_id, user_id, item_id, event_type, rating, timestamp, received_at, session_id, source, recommendation_id,"
            + " metadata";
    private static final int IN_CHUNK = 500;
    /** Rows per INSERT: 11 parameters each, well under both databases' parameter limits. */
    private static final int INSERT_CHUNK = 500;

    private final Database db;

    public EventStore(Database db) {
        this.db = db;
    }

    /** Which of these event ids are already stored. */
    public Set<String> existingEventIds(Connection c, Collection<String> eventIds) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> ids = new ArrayList<>(eventIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String sql = "SELECT event_id FROM user_events WHERE event_id IN (" + placeholders(chunk.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** Whether the user already has an event in this session. */
    public boolean sessionExists(Connection c, String userId, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM user_events WHERE user_id = ? AND session_id = ? LIMIT 1")) {
            ps.setString(1, userId);
            ps.setString(2, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The session of the user's stored event nearest in time to {@code at}, within the gap; null if none. */
    public String nearestSession(Connection c, String userId, long at, long gapMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT session_id FROM user_events WHERE user_id = ?"
                + " AND timestamp BETWEEN ? AND ? AND session_id IS NOT NULL ORDER BY ABS(timestamp - ?), id LIMIT 1")) {
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
     * Returns, per event, whether it was inserted (from the ids the database reports back).
     */
    public boolean[] insert(Connection c, List<Event> events, long receivedAt) throws SQLException {
        Set<String> inserted = new HashSet<>(events.size() * 2);
        for (int from = 0; from < events.size(); from += INSERT_CHUNK) {
            List<Event> chunk = events.subList(from, Math.min(events.size(), from + INSERT_CHUNK));
            StringBuilder sql = new StringBuilder(120 + chunk.size() * 34).append("INSERT INTO user_events (event_id,"
                    + " user_id, item_id, event_type, rating, timestamp, received_at, session_id, source, recommendation_id, metadata)"
                    + " VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            sql.append(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id");
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
                        inserted.add(rs.getString(1));
                    }
                }
            }
        }
        boolean[] result = new boolean[events.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = inserted.remove(events.get(i).eventId());
        }
        return result;
    }

    /**
     * A user's events, newest first by their own timestamp; strictly older than the cursor
     * (timestamp, row id) when one is given; of one type when asked.
     */
    public List<StoredEvent> activity(String userId, int limit, Long beforeTimestamp, Long beforeId, EventType type) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM user_events WHERE user_id = ?");
        if (type != null) {
            sql.append(" AND event_type = ?");
        }
        if (beforeTimestamp != null) {
            sql.append(beforeId == null ? " AND timestamp < ?" : " AND (timestamp < ? OR (timestamp = ? AND id < ?))");
        }
        sql.append(" ORDER BY timestamp DESC, id DESC LIMIT ?");
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                ps.setString(p++, userId);
                if (type != null) {
                    ps.setString(p++, type.wireName());
                }
                if (beforeTimestamp != null) {
                    ps.setLong(p++, beforeTimestamp);
                    if (beforeId != null) {
                        ps.setLong(p++, beforeTimestamp);
                        ps.setLong(p++, beforeId);
                    }
                }
                ps.setInt(p, limit);
                return readAll(ps);
            }
        });
    }

    /** An item's events, newest first by their own timestamp. */
    public List<StoredEvent> itemActivity(String itemId, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM user_events WHERE item_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?")) {
                ps.setString(1, itemId);
                ps.setInt(2, limit);
                return readAll(ps);
            }
        });
    }

    /** How many events a user has. */
    public long countForUser(String userId) {
        return countWhere("user_id", userId);
    }

    /** How many events an item has. */
    public long countForItem(String itemId) {
        return countWhere("item_id", itemId);
    }

    private long countWhere(String column, String value) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM user_events WHERE " + column + " = ?")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The user's latest events, newest first: what the models score from. */
    public List<Event> recentHistory(String userId, int limit) {
        return activity(userId, limit, null, null, null).stream().map(StoredEvent::event).toList();
    }

    /** The user's latest sessions, newest first, with their distinct items in order of first touch. */
    public List<SessionSummary> sessions(String userId, int limit) {
        String sql = "SELECT session_id, MIN(timestamp) AS started, MAX(timestamp) AS ended, COUNT(*) AS n"
                + " FROM user_events WHERE user_id = ? AND session_id IS NOT NULL"
                + " GROUP BY session_id ORDER BY started DESC LIMIT ?";
        return db.withConnection(c -> {
            Map<String, long[]> spans = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, userId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        spans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    }
                }
            }
            List<SessionSummary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT item_id FROM user_events"
                    + " WHERE user_id = ? AND session_id = ? ORDER BY timestamp, id")) {
                for (Map.Entry<String, long[]> span : spans.entrySet()) {
                    ps.setString(1, userId);
                    ps.setString(2, span.getKey());
                    java.util.LinkedHashSet<String> items = new java.util.LinkedHashSet<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            items.add(rs.getString(1));
                        }
                    }
                    long[] s = span.getValue();
                    out.add(new SessionSummary(span.getKey(), s[0], s[1], (int) s[2], List.copyOf(items)));
                }
            }
            return out;
        });
    }

    /** Streams every event at or after {@code since}, oldest first, without holding them all. */
    public void scan(long since, Consumer<Event> sink) {
        db.withConnection(c -> {
            boolean autoCommit = c.getAutoCommit();
            // PostgreSQL streams with a fetch size only inside a transaction; on SQLite a transaction
            // would take the write lock (they begin IMMEDIATE there) and hold ingest up for the scan.
            boolean inTransaction = db.dialect() == Dialect.POSTGRESQL;
            if (inTransaction) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM user_events WHERE timestamp >= ? ORDER BY timestamp, id")) {
                ps.setFetchSize(5_000);
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(read(rs).event());
                    }
                }
            } finally {
                if (inTransaction) {
                    c.commit();
                    c.setAutoCommit(autoCommit);
                }
            }
            return null;
        });
    }

    public long count() {
        return single("SELECT COUNT(*) FROM user_events");
    }

    public long countUsers() {
        return single("SELECT COUNT(DISTINCT user_id) FROM user_events");
    }

    /** Per item, the count and rating sum of each event type since a time: raw input for popularity. */
    public List<TypeCount> countsByItemSince(long since) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT item_id, event_type, COUNT(*), COALESCE(SUM(rating), 0)"
                    + " FROM user_events WHERE timestamp >= ? GROUP BY item_id, event_type")) {
                ps.setLong(1, since);
                List<TypeCount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TypeCount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4)));
                    }
                }
                return out;
            }
        });
    }

    /** How many events of one type an item had, with the sum of their ratings. */
    public record TypeCount(String key, String eventType, long count, double ratingSum) {
    }

    /** Events per type since a time. */
    public Map<String, Long> countsByType(long since) {
        return keyedCounts("SELECT event_type, COUNT(*) FROM user_events WHERE timestamp >= ? GROUP BY event_type"
                + " ORDER BY event_type", since);
    }

    /** Events per hour (epoch hour → count) since a time. */
    public Map<Long, Long> countsByHour(long since) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT timestamp / 3600000 AS hour, COUNT(*)"
                    + " FROM user_events WHERE timestamp >= ? GROUP BY timestamp / 3600000 ORDER BY hour")) {
                ps.setLong(1, since);
                Map<Long, Long> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    /** Distinct users per event type since a time: the steps of the funnel. */
    public Map<String, Long> usersByType(long since) {
        return keyedCounts("SELECT event_type, COUNT(DISTINCT user_id) FROM user_events WHERE timestamp >= ?"
                + " GROUP BY event_type", since);
    }

    public long activeUsers(long since) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(DISTINCT user_id) FROM user_events WHERE timestamp >= ?")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The items with the most preference events since a time, most first. */
    public Map<String, Long> topItems(long since, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT item_id, COUNT(*) AS n FROM user_events"
                    + " WHERE timestamp >= ? AND event_type <> 'impression' GROUP BY item_id ORDER BY n DESC, item_id LIMIT ?")) {
                ps.setLong(1, since);
                ps.setInt(2, limit);
                Map<String, Long> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    private Map<String, Long> keyedCounts(String sql, long since) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, since);
                Map<String, Long> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    private long single(String sql) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<StoredEvent> readAll(PreparedStatement ps) throws SQLException {
        List<StoredEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    private static StoredEvent read(ResultSet rs) throws SQLException {
        double rating = rs.getDouble(6);
        if (rs.wasNull()) {
            rating = Double.NaN;
        }
        EventType type = EventType.fromWire(rs.getString(5)).orElseThrow();
        String metadata = rs.getString(12);
        Event event = new Event(rs.getString(2), rs.getString(3), rs.getString(4), type, rating, rs.getLong(7),
                rs.getString(9), rs.getString(10), rs.getString(11), metadata == null ? null : Json.read(metadata, Json.MAP_TYPE));
        return new StoredEvent(rs.getLong(1), event, rs.getLong(8));
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
