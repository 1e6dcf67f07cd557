package dev.brisk.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregate queries over {@code user_events}: totals, counts per type, hour and item, funnels, top items. */
public final class EventAnalytics {
    private final Database db;

    public EventAnalytics(Database db) {
        this.db = db;
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
}
