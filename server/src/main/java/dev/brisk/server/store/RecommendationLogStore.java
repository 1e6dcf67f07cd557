package dev.brisk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code recommendation_logs} table: every served list, item by item, and what was clicked. */
public final class RecommendationLogStore {
    private final Database db;

    public RecommendationLogStore(Database db) {
        this.db = db;
    }

    public void insert(List<ServedItem> rows) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO recommendation_logs (request_id, user_id,"
                    + " item_id, position, model_type, model_version, score, explanation, served_at, was_clicked, variant,"
                    + " experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ServedItem row : rows) {
                    ps.setString(1, row.requestId());
                    ps.setString(2, row.userId());
                    ps.setString(3, row.itemId());
                    ps.setInt(4, row.position());
                    ps.setString(5, row.modelType());
                    ps.setString(6, row.modelVersion());
                    ps.setDouble(7, row.score());
                    ps.setString(8, row.explanation());
                    ps.setLong(9, row.servedAt());
                    ps.setBoolean(10, false);
                    ps.setString(11, row.variant());
                    ps.setString(12, row.experimentId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Marks the item of a served list as clicked (a second click keeps the first one's time), and as
     * bought when the interaction is a purchase; false when that list did not hold the item.
     */
    public boolean markClicked(Connection c, String requestId, String itemId, long at, boolean purchase)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE recommendation_logs SET was_clicked = ?,"
                + " clicked_at = COALESCE(clicked_at, ?)"
                + (purchase ? ", purchased_at = COALESCE(purchased_at, ?)" : "")
                + " WHERE request_id = ? AND item_id = ?")) {
            int i = 1;
            ps.setBoolean(i++, true);
            ps.setLong(i++, at);
            if (purchase) {
                ps.setLong(i++, at);
            }
            ps.setString(i++, requestId);
            ps.setString(i, itemId);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Marks the latest list that served this item to this user within [from, to] and is not yet
     * marked bought as bought (and clicked), when the purchase names no list.
     */
    public boolean markLatestPurchased(Connection c, String userId, String itemId, long from, long to, long at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE recommendation_logs SET was_clicked = ?,"
                + " clicked_at = COALESCE(clicked_at, ?), purchased_at = ?"
                + " WHERE id = (SELECT id FROM recommendation_logs WHERE user_id = ? AND item_id = ?"
                + " AND served_at BETWEEN ? AND ? AND purchased_at IS NULL ORDER BY served_at DESC, id DESC LIMIT 1)")) {
            ps.setBoolean(1, true);
            ps.setLong(2, at);
            ps.setLong(3, at);
            ps.setString(4, userId);
            ps.setString(5, itemId);
            ps.setLong(6, from);
            ps.setLong(7, to);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Marks the latest list that served this item to this user within [from, to] as clicked,
     * when the interaction names no list.
     */
    public boolean markLatestClicked(Connection c, String userId, String itemId, long from, long to, long at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE recommendation_logs SET was_clicked = ?, clicked_at = ?"
                + " WHERE id = (SELECT id FROM recommendation_logs WHERE user_id = ? AND item_id = ?"
                + " AND served_at BETWEEN ? AND ? ORDER BY served_at DESC, id DESC LIMIT 1) AND was_clicked = ?")) {
            ps.setBoolean(1, true);
            ps.setLong(2, at);
            ps.setString(3, userId);
            ps.setString(4, itemId);
            ps.setLong(5, from);
            ps.setLong(6, to);
            ps.setBoolean(7, false);
            return ps.executeUpdate() > 0;
        }
    }

    /** The rows of one served list, in position order. */
    public List<ServedRow> list(String requestId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT item_id, position, model_type, was_clicked, clicked_at"
                    + " FROM recommendation_logs WHERE request_id = ? ORDER BY position")) {
                ps.setString(1, requestId);
                List<ServedRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long clickedAt = rs.getLong(5);
                        out.add(new ServedRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4),
                                rs.wasNull() ? null : clickedAt));
                    }
                }
                return out;
            }
        });
    }

    /** A served item and whether it was clicked. */
    public record ServedRow(String itemId, int position, String modelType, boolean clicked, Long clickedAt) {
    }

    /** Per model since a time: lists served, items shown, items clicked. */
    public List<ModelClicks> clicksByModel(long since) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT model_type, COUNT(DISTINCT request_id), COUNT(*),"
                    + " SUM(CASE WHEN was_clicked THEN 1 ELSE 0 END) FROM recommendation_logs WHERE served_at >= ?"
                    + " GROUP BY model_type ORDER BY model_type")) {
                ps.setLong(1, since);
                List<ModelClicks> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ModelClicks(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    /** Click-through figures of one model. */
    public record ModelClicks(String model, long lists, long itemsServed, long clicks) {
        public double clickThroughRate() {
            return itemsServed == 0 ? 0.0 : (double) clicks / itemsServed;
        }
    }
}
