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
            "id, event_id, user_id, item_id, event_type, rating, timestamp, received_at, session_id, source, recommendation_id";
    private static final int IN_CHUNK = 500;

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

    /**
     * Inserts events in one batch; an event whose id is already stored is skipped. Returns, per
     * event, whether it was inserted.
     */
    public boolean[] insert(Connection c, List<Event> events, long receivedAt) throws SQLException {
        String sql = "INSERT INTO user_events (event_id, user_id, item_id, event_type, rating, timestamp, received_at,"
                + " session_id, source, recommendation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (event_id) DO NOTHING";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Event e : events) {
                ps.setString(1, e.eventId());
                ps.setString(2, e.userId());
                ps.setString(3, e.itemId());
                ps.setString(4, e.type().wireName());
                if (e.hasRating()) {
                    ps.setDouble(5, e.rating());
                } else {
                    ps.setNull(5, Types.DOUBLE);
                }
                ps.setLong(6, e.timestamp());
                ps.setLong(7, receivedAt);
                ps.setString(8, e.sessionId());
                ps.setString(9, e.source());
                ps.setString(10, e.recommendationId());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] inserted = new boolean[events.size()];
            for (int i = 0; i < counts.length; i++) {
                inserted[i] = counts[i] != 0;
            }
            return inserted;
        }
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

    /** The user's latest events, newest first: what the models score from. */
    public List<Event> recentHistory(String userId, int limit) {
        return activity(userId, limit, null, null, null).stream().map(StoredEvent::event).toList();
    }

    /** The user's latest sessions, newest first, with their items in time order. */
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
                    List<String> items = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            items.add(rs.getString(1));
                        }
                    }
                    long[] s = span.getValue();
                    out.add(new SessionSummary(span.getKey(), s[0], s[1], (int) s[2], items));
                }
            }
            return out;
        });
    }

    /** Streams every event at or after {@code since}, oldest first, without holding them all. */
    public void scan(long since, Consumer<Event> sink) {
        db.withConnection(c -> {
            boolean autoCommit = c.getAutoCommit();
            // PostgreSQL streams with a fetch size only inside a transaction. SQLite streams anyway, and
            // there a transaction would be IMMEDIATE: it would hold the write lock, and stall every
            // event, for as long as the (training) scan takes.
            boolean transaction = db.dialect() != Dialect.SQLITE;
            if (transaction) {
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
                if (transaction) {
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
        Event event = new Event(rs.getString(2), rs.getString(3), rs.getString(4), type, rating, rs.getLong(7),
                rs.getString(9), rs.getString(10), rs.getString(11));
        return new StoredEvent(rs.getLong(1), event, rs.getLong(8));
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
