package dev.brisk.server.store;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads of {@code user_events} for one user or item: activity pages, histories the models score from, sessions, counts. */
public final class ActivityStore {
    static final String COLUMNS =
            "id, event_id, user_id, item_id, event_type, rating, timestamp, received_at, session_id, source, recommendation_id,"
            + " metadata";

    private final Database db;
    private final EventTypes types;

    /** @param types the accepted event types; stored events of other types read as retired types */
    public ActivityStore(Database db, EventTypes types) {
        this.db = db;
        this.types = types;
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

    /**
     * A user's latest events, read for every list made: answered from {@code idx_events_user_recent}
     * alone, which holds every column read here (V15), without a read of the table per event.
     */
    static final String RECENT_INTERACTIONS = "SELECT item_id, event_type, rating, timestamp"
            + " FROM user_events WHERE user_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?";

    /**
     * The user's latest events, newest first, with what scoring reads of them only (item, type, rating,
     * time; no ids, session or metadata): the request path's read of a history of up to {@code limit}
     * events, several columns and a JSON parse per event lighter than {@link #recentHistory}.
     */
    public List<Event> recentInteractions(String userId, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(RECENT_INTERACTIONS)) {
                ps.setString(1, userId);
                ps.setInt(2, limit);
                List<Event> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double rating = rs.getDouble(3);
                        if (rs.wasNull()) {
                            rating = Double.NaN;
                        }
                        out.add(new Event(null, userId, rs.getString(1), types.fromStored(rs.getString(2)), rating,
                                rs.getLong(4), null, null, null));
                    }
                }
                return out;
            }
        });
    }

    /** A user's sessions, newest first (user, limit). */
    static final String SESSIONS = "SELECT session_id, MIN(timestamp) AS started, MAX(timestamp) AS ended, COUNT(*) AS n"
            + " FROM user_events WHERE user_id = ? AND session_id IS NOT NULL"
            + " GROUP BY session_id ORDER BY started DESC LIMIT ?";
    /** The items of one of a user's sessions, in time order (user, session). */
    static final String SESSION_ITEMS = "SELECT item_id FROM user_events"
            + " WHERE user_id = ? AND session_id = ? ORDER BY timestamp, id";

    /** The user's latest sessions, newest first, with their distinct items in order of first touch. */
    public List<SessionSummary> sessions(String userId, int limit) {
        return db.withConnection(c -> {
            Map<String, long[]> spans = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SESSIONS)) {
                ps.setString(1, userId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        spans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    }
                }
            }
            List<SessionSummary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SESSION_ITEMS)) {
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
                        sink.accept(read(rs, types).event());
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

    private List<StoredEvent> readAll(PreparedStatement ps) throws SQLException {
        List<StoredEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs, types));
            }
        }
        return out;
    }

    static StoredEvent read(ResultSet rs, EventTypes types) throws SQLException {
        double rating = rs.getDouble(6);
        if (rs.wasNull()) {
            rating = Double.NaN;
        }
        EventType type = types.fromStored(rs.getString(5));
        String metadata = rs.getString(12);
        Event event = new Event(rs.getString(2), rs.getString(3), rs.getString(4), type, rating, rs.getLong(7),
                rs.getString(9), rs.getString(10), rs.getString(11), metadata == null ? null : Json.read(metadata, Json.MAP_TYPE));
        return new StoredEvent(rs.getLong(1), event, rs.getLong(8));
    }
}
