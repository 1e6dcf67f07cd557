package dev.brisk.server.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.brisk.core.experiments.Experiment;
import dev.brisk.core.experiments.Variant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code experiments} table (definitions and status), the experiments' version that every
 * instance polls, the per-user counts of the lists served in an experiment, and the smallest
 * always-valid p-value seen at any look at its results.
 */
public final class ExperimentStore {
    private static final TypeReference<List<Map<String, Object>>> VARIANTS = new TypeReference<>() { };

    private final Database db;

    public ExperimentStore(Database db) {
        this.db = db;
    }

    /** What came of an attempt to store a new experiment. */
    public enum Created { CREATED, ID_TAKEN, ANOTHER_RUNNING }

    /**
     * Stores a running experiment unless its id is taken or another one runs (checked in the
     * transaction, and enforced by a unique index for instances racing each other).
     */
    public Created create(Experiment e) {
        try {
            return db.inTransaction(c -> {
                if (exists(c, "SELECT 1 FROM experiments WHERE experiment_id = ?", e.id())) {
                    return Created.ID_TAKEN;
                }
                if (exists(c, "SELECT 1 FROM experiments WHERE status = ?", Experiment.RUNNING)) {
                    return Created.ANOTHER_RUNNING;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiments (experiment_id, name, description,"
                        + " primary_metric, variants, status, created_at, stopped_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)")) {
                    ps.setString(1, e.id());
                    ps.setString(2, e.name());
                    ps.setString(3, e.description());
                    ps.setString(4, e.primaryMetric());
                    ps.setString(5, Json.write(e.variants().stream().map(ExperimentStore::variantRow).toList()));
                    ps.setString(6, e.status());
                    ps.setLong(7, e.startedAt());
                    ps.executeUpdate();
                }
                bumpVersion(c);
                return Created.CREATED;
            });
        } catch (StoreException raced) {
            if (raced.getCause() instanceof SQLException sql && isUniqueViolation(sql)) {
                return exists("SELECT 1 FROM experiments WHERE experiment_id = ?", e.id())
                        ? Created.ID_TAKEN : Created.ANOTHER_RUNNING;
            }
            throw raced;
        }
    }

    /** Stops a running experiment; false when it does not run (stopped already, or unknown). */
    public boolean stop(String experimentId, long at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE experiments SET status = ?, stopped_at = ?"
                    + " WHERE experiment_id = ? AND status = ?")) {
                ps.setString(1, Experiment.STOPPED);
                ps.setLong(2, at);
                ps.setString(3, experimentId);
                ps.setString(4, Experiment.RUNNING);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            bumpVersion(c);
            return true;
        });
    }

    /** Every experiment, newest first. */
    public List<Experiment> all() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id, name, description, primary_metric,"
                    + " variants, status, created_at, stopped_at FROM experiments ORDER BY created_at DESC, experiment_id");
                 ResultSet rs = ps.executeQuery()) {
                List<Experiment> out = new ArrayList<>();
                while (rs.next()) {
                    List<Variant> variants = Json.read(rs.getString(5), VARIANTS).stream()
                            .map(ExperimentStore::variant).toList();
                    long stopped = rs.getLong(8);
                    out.add(new Experiment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), variants,
                            rs.getString(6), rs.getLong(7), rs.wasNull() ? 0 : stopped));
                }
                return out;
            }
        });
    }

    /** The experiments' version: it grows with every committed change to any of them. */
    public long version() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM cluster_versions WHERE name = 'experiments'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * One variant's figures, summed over its users from their own totals (lists, clicked items,
     * bought items): the sums of squares and products are what user-level intervals need.
     */
    public record VariantCounts(String variant, long users, long lists, long clicks, long purchases, long purchasers,
                                double sumClicksSquared, double sumListsSquared, double sumClicksTimesLists) {
    }

    /** An experiment's served lists, each with its clicked and bought items (the experiment's id is its one parameter). */
    private static final String LISTS = "(SELECT l.variant, l.user_id, l.served_at, 1 + l.repeats AS served,"
            + " (SELECT COUNT(*) FROM served_list_clicks k WHERE k.list_id = l.id) AS clicks,"
            + " (SELECT COUNT(*) FROM served_list_clicks k WHERE k.list_id = l.id AND k.purchased_at IS NOT NULL)"
            + " AS purchases FROM served_lists l WHERE l.experiment_id = ?) AS lists";

    private static final String PER_USER = "SELECT variant, user_id, SUM(served) AS lists, SUM(clicks) AS clicks,"
            + " SUM(purchases) AS purchases FROM " + LISTS;

    /** Per variant of an experiment, from the lists logged for it; variants without lists are absent. */
    public List<VariantCounts> counts(String experimentId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT variant, COUNT(*), SUM(lists), SUM(clicks),"
                    + " SUM(purchases), SUM(CASE WHEN purchases > 0 THEN 1 ELSE 0 END), SUM(clicks * clicks),"
                    + " SUM(lists * lists), SUM(clicks * lists) FROM (" + PER_USER + " GROUP BY variant, user_id) per_user"
                    + " GROUP BY variant")) {
                ps.setString(1, experimentId);
                List<VariantCounts> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new VariantCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9)));
                    }
                }
                return out;
            }
        });
    }

    /** One user's lists, clicked and bought items in one variant within one time bucket. */
    public record UserBucket(String variant, String userId, int bucket, long lists, long clicks, long purchases) {
    }

    /** Per variant, user and bucket of {@code bucketMillis} from {@code start}: for cumulative figures over time. */
    public List<UserBucket> buckets(String experimentId, long start, long bucketMillis) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT variant, user_id, (served_at - ?) / ? AS bucket,"
                    + " SUM(served), SUM(clicks), SUM(purchases) FROM " + LISTS
                    + " GROUP BY variant, user_id, bucket ORDER BY bucket")) {
                ps.setLong(1, start);
                ps.setLong(2, bucketMillis);
                ps.setString(3, experimentId);
                List<UserBucket> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new UserBucket(rs.getString(1), rs.getString(2), (int) Math.max(0, rs.getLong(3)),
                                rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Records a look's always-valid p-values and returns, per variant, the smallest seen at any
     * look so far (this one included), whichever instance looked.
     */
    public Map<String, Double> recordLook(String experimentId, Map<String, Double> pValues, long at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiment_looks (experiment_id, variant,"
                    + " sequential_p, looked_at) VALUES (?, ?, ?, ?) ON CONFLICT (experiment_id, variant) DO UPDATE SET"
                    + " sequential_p = CASE WHEN excluded.sequential_p < experiment_looks.sequential_p"
                    + " THEN excluded.sequential_p ELSE experiment_looks.sequential_p END, looked_at = excluded.looked_at")) {
                for (Map.Entry<String, Double> p : pValues.entrySet()) {
                    ps.setString(1, experimentId);
                    ps.setString(2, p.getKey());
                    ps.setDouble(3, p.getValue());
                    ps.setLong(4, at);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Map<String, Double> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT variant, sequential_p FROM experiment_looks WHERE experiment_id = ?")) {
                ps.setString(1, experimentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getDouble(2));
                    }
                }
            }
            return out;
        });
    }

    private static Map<String, Object> variantRow(Variant v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", v.name());
        row.put("model", v.model());
        row.put("weight", v.weight());
        row.put("params", v.params());
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Variant variant(Map<String, Object> row) {
        Object params = row.get("params");
        return new Variant((String) row.get("name"), (String) row.get("model"), ((Number) row.get("weight")).doubleValue(),
                params instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
    }

    private boolean exists(String sql, String value) {
        return db.withConnection(c -> exists(c, sql, value));
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void bumpVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE cluster_versions SET version = version + 1 WHERE name = 'experiments'")) {
            ps.executeUpdate();
        }
    }

    /** A unique index refused the row: PostgreSQL's SQLSTATE 23505, SQLite's constraint error. */
    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 19
                || String.valueOf(e.getMessage()).contains("UNIQUE constraint failed");
    }
}
