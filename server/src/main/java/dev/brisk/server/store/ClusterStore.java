package dev.brisk.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What the instances on one database coordinate through: leases (the trainer's) timed by the
 * database's clock, and training runs requested through any instance for the one that trains.
 */
public final class ClusterStore {
    private final Database db;

    public ClusterStore(Database db) {
        this.db = db;
    }

    /**
     * Takes or renews a lease for {@code ttlMillis}: it succeeds when nobody holds it, when this
     * holder already does, or when the other holder's lease has expired. True when held after the call.
     */
    public boolean acquire(String lease, String holder, long ttlMillis) {
        String now = db.dialect().nowMillis();
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cluster_leases (name, holder, acquired_at, expires_at)"
                    + " VALUES (?, ?, " + now + ", " + now + " + ?) ON CONFLICT (name) DO UPDATE SET"
                    + " holder = excluded.holder, expires_at = excluded.expires_at,"
                    + " acquired_at = CASE WHEN cluster_leases.holder = excluded.holder THEN cluster_leases.acquired_at"
                    + " ELSE excluded.acquired_at END"
                    + " WHERE cluster_leases.holder = excluded.holder OR cluster_leases.expires_at < " + now
                    + " RETURNING holder")) {
                ps.setString(1, lease);
                ps.setString(2, holder);
                ps.setLong(3, ttlMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && holder.equals(rs.getString(1));
                }
            }
        });
    }

    /** Takes a lease whoever held it: for a single-process database, where any earlier holder is gone. */
    public void takeOver(String lease, String holder, long ttlMillis) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_leases WHERE name = ?")) {
                ps.setString(1, lease);
                ps.executeUpdate();
            }
            return null;
        });
        acquire(lease, holder, ttlMillis);
    }

    /** Gives a lease up at once (on a clean stop), so that another instance need not wait for it to expire. */
    public void release(String lease, String holder) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_leases WHERE name = ? AND holder = ?")) {
                ps.setString(1, lease);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }

    /** Who holds a lease now (an expired lease has no holder). */
    public Holder holder(String lease) {
        String now = db.dialect().nowMillis();
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT holder, acquired_at, expires_at, " + now
                    + " FROM cluster_leases WHERE name = ?")) {
                ps.setString(1, lease);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(3) < rs.getLong(4)) {
                        return null;
                    }
                    return new Holder(rs.getString(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }

    /** The holder of a lease, since when it holds it, and until when unless renewed (database time). */
    public record Holder(String holder, long acquiredAt, long expiresAt) {
    }

    /** Asks the training instance, whichever it is, for a run of these model types. */
    public void requestTraining(List<String> types, String requestedBy) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO training_requests (model_types, requested_by,"
                    + " requested_at) VALUES (?, ?, ?)")) {
                ps.setString(1, String.join(",", types));
                ps.setString(2, requestedBy);
                ps.setLong(3, System.currentTimeMillis());
                return ps.executeUpdate();
            }
        });
    }

    /** Takes every pending training request: the model types asked for (the requests read are deleted). */
    public List<String> takeTrainingRequests() {
        return db.withConnection(c -> {
            List<String> types = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            // A plain read first: on SQLite a transaction would take the write lock on every poll.
            try (PreparedStatement ps = c.prepareStatement("SELECT id, model_types FROM training_requests ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    for (String type : rs.getString(2).split(",")) {
                        if (!type.isBlank() && !types.contains(type)) {
                            types.add(type);
                        }
                    }
                }
            }
            for (long id : ids) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM training_requests WHERE id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
            return types;
        });
    }
}
