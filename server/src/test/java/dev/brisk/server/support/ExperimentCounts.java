package dev.brisk.server.support;

import dev.brisk.server.app.BriskConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * An experiment's figures counted straight from the served-list log with plain SQL, apart
 * from the service's own queries: to check its results against.
 */
public final class ExperimentCounts {
    private ExperimentCounts() {
    }

    /** One variant: exposed users, lists, clicked items, bought items and users who bought. */
    public record Counts(long users, long lists, long clicks, long purchases, long purchasers) {
    }

    public static Map<String, Counts> of(BriskConfig config, String experimentId) {
        String prefix = config.dbSchema().isEmpty() ? "" : config.dbSchema() + ".";
        try (Connection c = config.dbUser().isEmpty() ? DriverManager.getConnection(config.dbUrl())
                : DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword())) {
            Map<String, Counts> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT l.variant, COUNT(DISTINCT l.user_id),"
                    // Lists served: every row once, and the times it was served again.
                    + " (SELECT SUM(1 + r.repeats) FROM " + prefix + "served_lists r WHERE r.experiment_id = l.experiment_id"
                    + " AND r.variant = l.variant), COUNT(k.list_id), COUNT(k.purchased_at),"
                    + " COUNT(DISTINCT CASE WHEN k.purchased_at IS NOT NULL THEN l.user_id END)"
                    + " FROM " + prefix + "served_lists l LEFT JOIN " + prefix + "served_list_clicks k ON k.list_id = l.id"
                    + " WHERE l.experiment_id = ? GROUP BY l.experiment_id, l.variant")) {
                ps.setString(1, experimentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Counting the experiment's rows failed: " + e.getMessage(), e);
        }
    }

    /** Rows served outside any experiment (null experiment) but logged with a variant: must be none. */
    public static long strayVariantRows(BriskConfig config) {
        String table = config.dbSchema().isEmpty() ? "served_lists" : config.dbSchema() + ".served_lists";
        try (Connection c = config.dbUser().isEmpty() ? DriverManager.getConnection(config.dbUrl())
                : DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table
                     + " WHERE (experiment_id IS NULL) <> (variant IS NULL)")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
