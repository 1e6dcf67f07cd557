package dev.brisk.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The {@code api_keys} table: each key's id, name, role and the hash of its secret (never the secret). */
public final class KeyStore {
    private static final String COLUMNS = "id, name, role, key_hash, key_prefix, created_at, revoked_at";

    private final Database db;

    public KeyStore(Database db) {
        this.db = db;
    }

    /** One stored key; {@code revokedAt} is null while the key is valid. */
    public record StoredKey(String id, String name, String role, String hash, String prefix, long createdAt,
                            Long revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    public void insert(StoredKey key) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key.id());
                ps.setString(2, key.name());
                ps.setString(3, key.role());
                ps.setString(4, key.hash());
                ps.setString(5, key.prefix());
                ps.setLong(6, key.createdAt());
                ps.setNull(7, Types.BIGINT);
                return ps.executeUpdate();
            }
        });
    }

    /** Every key, revoked ones included, oldest first. */
    public List<StoredKey> all() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                List<StoredKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(read(rs));
                }
                return keys;
            }
        });
    }

    /** Marks a key revoked; false when there is no such key or it was revoked already. */
    public boolean revoke(String id, long at) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, at);
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static StoredKey read(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(7);
        Long revokedAt = rs.wasNull() ? null : revoked; // before any other column is read
        return new StoredKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), revokedAt);
    }
}
