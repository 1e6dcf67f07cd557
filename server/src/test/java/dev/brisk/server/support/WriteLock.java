package dev.brisk.server.support;

import dev.brisk.server.app.BriskConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A database write lock held from outside a service (as a long commit or a busy database would),
 * on a connection of the test's own with the service's database settings: SQLite's whole-database
 * write lock, or an exclusive lock on one PostgreSQL table (reads go on, writes wait).
 */
public final class WriteLock implements AutoCloseable {
    private final Connection connection;

    private WriteLock(Connection connection) {
        this.connection = connection;
    }

    /** Takes the lock; on PostgreSQL it covers {@code table}, on SQLite the whole database. */
    public static WriteLock hold(BriskConfig config, String table) throws SQLException {
        Properties credentials = new Properties();
        if (!config.dbUser().isEmpty()) {
            credentials.setProperty("user", config.dbUser());
            credentials.setProperty("password", config.dbPassword());
        }
        Connection c = DriverManager.getConnection(config.dbUrl(), credentials);
        try (Statement s = c.createStatement()) {
            if (config.isSqlite()) {
                s.execute("BEGIN IMMEDIATE");
            } else {
                c.setAutoCommit(false);
                if (!config.dbSchema().isEmpty()) {
                    c.setSchema(config.dbSchema());
                }
                s.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new WriteLock(c);
    }

    /** Releases the lock (rolls back) and closes the connection; does nothing the second time. */
    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        try (connection) {
            if (connection.getAutoCommit()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK");
                }
            } else {
                connection.rollback();
            }
        }
    }
}
