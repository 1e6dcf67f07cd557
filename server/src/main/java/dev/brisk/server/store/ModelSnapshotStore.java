package dev.brisk.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code model_snapshots} table: every trained model version, one row per training run, as
 * bytes with their checksum. Only the holder of the trainer's lease may add one; the newest few
 * versions of each model type are kept.
 */
public final class ModelSnapshotStore {
    private static final String HEAD = "id, version, model_types, format, checksum, size_bytes, events_through,"
            + " interactions, training_ms, trained_by, created_at";

    private final Database db;

    public ModelSnapshotStore(Database db) {
        this.db = db;
    }

    /** What is known of a snapshot without reading its payload. */
    public record Head(long id, String version, List<String> types, int format, String checksum, long sizeBytes,
                       long eventsThrough, long interactions, long trainingMillis, String trainedBy, long createdAt) {
    }

    /**
     * A snapshot to store; {@code eventsThrough} is the highest event row id its training data held,
     * {@code users} and {@code items} the size of that data (for the training history).
     */
    public record NewSnapshot(String version, List<String> types, int format, String checksum, byte[] payload,
                              long eventsThrough, long interactions, long users, long items, long trainingMillis) {
    }

    /** One stored training run, kept after its snapshot is pruned. */
    public record TrainingRun(long snapshotId, String version, List<String> types, long interactions, long users,
                              long items, long trainingMillis, String trainedBy, long finishedAt) {
    }

    /**
     * Stores a snapshot if {@code holder} still holds the lease {@code lease} (a trainer that lost
     * it, paused past its expiry, must not publish). Returns the new id, or -1 when refused.
     */
    public long add(NewSnapshot s, String lease, String holder) {
        String now = db.dialect().nowMillis();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_snapshots (version, model_types, format,"
                    + " checksum, size_bytes, payload, events_through, interactions, training_ms, trained_by, created_at)"
                    + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM cluster_leases"
                    + " WHERE name = ? AND holder = ? AND expires_at >= " + now + ") RETURNING id")) {
                int p = 1;
                ps.setString(p++, s.version());
                ps.setString(p++, String.join(",", s.types()));
                ps.setInt(p++, s.format());
                ps.setString(p++, s.checksum());
                ps.setLong(p++, s.payload().length);
                ps.setBytes(p++, s.payload());
                ps.setLong(p++, s.eventsThrough());
                ps.setLong(p++, s.interactions());
                ps.setLong(p++, s.trainingMillis());
                ps.setString(p++, holder);
                ps.setLong(p++, System.currentTimeMillis());
                ps.setString(p++, lease);
                ps.setString(p, holder);
                long id;
                try (ResultSet rs = ps.executeQuery()) {
                    id = rs.next() ? rs.getLong(1) : -1L;
                }
                if (id > 0) {
                    addRun(c, id, s, holder);
                }
                return id;
            }
        });
    }

    private static void addRun(java.sql.Connection c, long snapshotId, NewSnapshot s, String holder) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO training_runs (snapshot_id, version, model_types,"
                + " interactions, users, items, training_ms, trained_by, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int p = 1;
            ps.setLong(p++, snapshotId);
            ps.setString(p++, s.version());
            ps.setString(p++, String.join(",", s.types()));
            ps.setLong(p++, s.interactions());
            ps.setLong(p++, s.users());
            ps.setLong(p++, s.items());
            ps.setLong(p++, s.trainingMillis());
            ps.setString(p++, holder);
            ps.setLong(p, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} training runs, newest first. */
    public List<TrainingRun> runs(int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT snapshot_id, version, model_types, interactions,"
                    + " users, items, training_ms, trained_by, finished_at FROM training_runs ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<TrainingRun> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TrainingRun(rs.getLong(1), rs.getString(2), Arrays.asList(rs.getString(3).split(",")),
                                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getLong(9)));
                    }
                }
                return out;
            }
        });
    }

    /** The newest snapshot id, 0 when there is none. */
    public long latestId() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM model_snapshots");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Every stored snapshot's head, newest first. */
    public List<Head> heads() {
        return heads("", 0);
    }

    /** The heads of snapshots newer than {@code id}, oldest first. */
    public List<Head> newerThan(long id) {
        List<Head> newer = heads(" WHERE id > ?", id);
        java.util.Collections.reverse(newer);
        return newer;
    }

    private List<Head> heads(String where, long id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HEAD + " FROM model_snapshots" + where
                    + " ORDER BY id DESC")) {
                if (!where.isEmpty()) {
                    ps.setLong(1, id);
                }
                List<Head> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Head(rs.getLong(1), rs.getString(2), Arrays.asList(rs.getString(3).split(",")),
                                rs.getInt(4), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                                rs.getLong(9), rs.getString(10), rs.getLong(11)));
                    }
                }
                return out;
            }
        });
    }

    /** A snapshot's bytes, or null when it was pruned meanwhile. */
    public byte[] payload(long id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM model_snapshots WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    /** Deletes every snapshot that is not among the newest {@code keep} of any of its model types. */
    public int prune(int keep) {
        List<Head> heads = heads();
        Set<Long> kept = new HashSet<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (Head head : heads) {
            for (String type : head.types()) {
                if (seen.merge(type, 1, Integer::sum) <= keep) {
                    kept.add(head.id());
                }
            }
        }
        int deleted = 0;
        for (Head head : heads) {
            if (!kept.contains(head.id())) {
                deleted += db.withConnection(c -> {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM model_snapshots WHERE id = ?")) {
                        ps.setLong(1, head.id());
                        return ps.executeUpdate();
                    }
                });
            }
        }
        return deleted;
    }
}
