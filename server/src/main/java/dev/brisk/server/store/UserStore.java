package dev.brisk.server.store;

import dev.brisk.core.profile.UserEntity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code users} table: users as their owner describes them (labels and properties as JSON). */
public final class UserStore {
    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    /** Creates or replaces a user; the creation time of an existing user is kept. True when the user is new. */
    public boolean upsert(UserEntity user) {
        return db.inTransaction(c -> {
            boolean existed = find(c, user.userId()).isPresent();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, labels, properties, created_at,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET labels = excluded.labels,"
                    + " properties = excluded.properties, updated_at = excluded.updated_at")) {
                ps.setString(1, user.userId());
                ps.setString(2, Json.write(user.labels()));
                ps.setString(3, Json.write(user.properties()));
                ps.setLong(4, user.createdAt());
                ps.setLong(5, user.updatedAt());
                ps.executeUpdate();
            }
            return !existed;
        });
    }

    public Optional<UserEntity> find(String userId) {
        return db.withConnection(c -> find(c, userId));
    }

    /** Deletes the user's row in the caller's transaction; the number of rows deleted. */
    static int delete(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE user_id = ?")) {
            ps.setString(1, userId);
            return ps.executeUpdate();
        }
    }

    private static Optional<UserEntity> find(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, labels, properties, created_at, updated_at FROM users WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new UserEntity(rs.getString(1), Json.readStringList(rs.getString(2)),
                        Json.readObjectMap(rs.getString(3)), rs.getLong(4), rs.getLong(5)));
            }
        }
    }
}
