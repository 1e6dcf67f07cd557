package dev.brisk.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The {@code system_metrics} table: periodic snapshots of the live figures, for history charts. */
public final class MetricStore {
    private final Database db;

    public MetricStore(Database db) {
        this.db = db;
    }

    /** One named value at one time from one source (the instance that measured it). */
    public record MetricPoint(String name, double value, long timestamp, String source) {
    }

    public void insert(List<MetricPoint> points) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO system_metrics (metric_name, metric_value, timestamp, source) VALUES (?, ?, ?, ?)")) {
                for (MetricPoint p : points) {
                    ps.setString(1, p.name());
                    ps.setDouble(2, p.value());
                    ps.setLong(3, p.timestamp());
                    ps.setString(4, p.source());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The latest {@code limit} points of one metric since a time, oldest first. */
    /** Deletes up to {@code limit} snapshots older than {@code before}, oldest first; how many were deleted. */
    public int deleteOlderThan(long before, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM system_metrics WHERE id IN (SELECT id"
                    + " FROM system_metrics WHERE timestamp < ? ORDER BY id LIMIT ?)")) {
                ps.setLong(1, before);
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }

    public List<MetricPoint> history(String name, long since, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT metric_name, metric_value, timestamp, source"
                    + " FROM system_metrics WHERE metric_name = ? AND timestamp >= ? ORDER BY timestamp DESC LIMIT ?")) {
                ps.setString(1, name);
                ps.setLong(2, since);
                ps.setInt(3, limit);
                List<MetricPoint> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MetricPoint(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getString(4)));
                    }
                }
                java.util.Collections.reverse(out);
                return out;
            }
        });
    }
}
