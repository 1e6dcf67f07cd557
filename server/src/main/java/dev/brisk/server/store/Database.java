package dev.brisk.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and the schema. Opening it migrates the schema to the latest version for
 * its dialect. SQLite runs in WAL mode with full sync, so a committed transaction survives a
 * killed process, and its WAL is checkpointed on a thread of its own ({@link WalCheckpoints});
 * PostgreSQL may be given a schema of its own (tests use one per class).
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /**
     * Every statement is planned for the values it runs with. A prepared statement that PostgreSQL
     * has run a few times gets a generic plan, kept on its connection until the table's statistics
     * change; made while a table was empty (a fresh database), that plan reads the whole table, and
     * it went on doing so as the table grew until autovacuum analysed it: the event-id check of
     * every ingest group, the trainer's read of new events and the profile reads all scanned their
     * tables in full (single events at 64 clients ran at half their rate). Brisk's statements are
     * short look-ups by key, so planning each costs little. The setting exists from PostgreSQL 12;
     * on an older server the statement sets nothing.
     */
    static final String CUSTOM_PLANS = "SELECT set_config('plan_cache_mode', 'force_custom_plan', false)"
            + " WHERE current_setting('server_version_num')::int >= 120000";

    /** The page cache of a SQLite connection that writes, in KiB (SQLite's default is 2,000). */
    static final int WRITER_CACHE_KIB = 16_384;

    private final HikariDataSource pool;
    private final Dialect dialect;
    /** The SQLite connections already given the writers' cache; a closed one is dropped with its last reference. */
    private final Set<Connection> writers = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** SQLite's WAL checkpoints off the writers' commits; null on PostgreSQL and for a database in memory. */
    private WalCheckpoints checkpoints;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /** Where the database is and how many connections to keep; a PostgreSQL schema of its own when {@code schema} is set. */
    public record Settings(String url, String user, String password, String schema, int poolSize) {
    }

    public static Database open(Settings config) {
        return open(config, task -> {
            Thread t = new Thread(task, "brisk-wal-checkpoints");
            t.setDaemon(true);
            return t;
        });
    }

    /** @param threads makes the thread of SQLite's WAL checkpoints (see {@link WalCheckpoints}) */
    public static Database open(Settings config, java.util.concurrent.ThreadFactory threads) {
        Dialect dialect = Dialect.of(config.url());
        Path sqliteFile = dialect == Dialect.SQLITE ? sqliteFile(config.url()) : null;
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("brisk-db");
        hikari.setJdbcUrl(config.url());
        hikari.setConnectionTimeout(2_000);
        hikari.setValidationTimeout(2_000);
        hikari.setInitializationFailTimeout(-1);
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
        }
        if (dialect == Dialect.SQLITE) {
            createParentFolder(sqliteFile);
            hikari.setMaximumPoolSize(Math.max(2, config.poolSize()));
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "FULL");
            hikari.addDataSourceProperty("busy_timeout", "15000");
            // Write transactions take the write lock when they begin. A deferred one that reads first
            // (the ingest writer checks event ids, then inserts) cannot wait for it: SQLite fails its
            // upgrade at once with SQLITE_BUSY(_SNAPSHOT) when another connection (the served-list log
            // writer) writes meanwhile, and the events are answered with 503.
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            if (sqliteFile != null) {
                WalCheckpoints.configure(hikari);
            }
        } else {
            hikari.setMaximumPoolSize(config.poolSize());
            hikari.addDataSourceProperty("connectTimeout", "2");
            hikari.addDataSourceProperty("socketTimeout", "30");
            // JDBC batches of INSERTs (profiles, served lists) go as multi-row statements: one
            // statement per batch for the server to plan and run instead of one per row.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            hikari.setConnectionInitSql(CUSTOM_PLANS);
            if (!config.schema().isEmpty()) {
                createSchema(config);
                hikari.setSchema(config.schema());
            }
        }
        HikariDataSource pool = new HikariDataSource(hikari);
        Database database = new Database(pool, dialect);
        try {
            database.migrate(config.schema());
        } catch (RuntimeException e) {
            pool.close();
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new StoreException("Cannot open the database at " + config.url() + ": " + root.getMessage(), e);
        }
        if (sqliteFile != null) {
            try {
                database.checkpoints = WalCheckpoints.start(config.url(), sqliteFile, threads);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }
        return database;
    }

    private void migrate(String schema) {
        var flyway = Flyway.configure()
                .dataSource(pool)
                .locations(dialect.migrationLocation())
                .loggers("slf4j");
        if (dialect == Dialect.POSTGRESQL && !schema.isEmpty()) {
            flyway.schemas(schema);
        }
        var result = flyway.load().migrate();
        log.info("Database {} at schema version {}", dialect, result.targetSchemaVersion == null
                ? "unchanged" : result.targetSchemaVersion);
    }

    private static void createSchema(Settings config) {
        try (Connection c = java.sql.DriverManager.getConnection(config.url(), config.user().isEmpty()
                ? null : config.user(), config.user().isEmpty() ? null : config.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + config.schema());
        } catch (SQLException e) {
            throw new StoreException("Cannot create schema " + config.schema() + ": " + e.getMessage(), e);
        }
    }

    /** The file of a SQLite URL; null for a database in memory or one named by a {@code file:} URI. */
    private static Path sqliteFile(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) {
            return null;
        }
        return Path.of(file).toAbsolutePath();
    }

    private static void createParentFolder(Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot create the folder " + parent + " for the database", e);
        }
    }

    /** How many checkpoint passes have copied the WAL (SQLite), for tests. */
    long checkpointPasses() {
        return checkpoints == null ? 0 : checkpoints.passes();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A pooled connection in auto-commit mode; the caller closes it. */
    public Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new StoreException("Database unavailable: " + e.getMessage(), e);
        }
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = connection()) {
            if (dialect == Dialect.SQLITE) {
                writerCache(c);
                if (checkpoints != null) {
                    checkpoints.beforeWrite(c);
                }
            }
            begin(c);
            try {
                T result = work.run(c);
                c.commit();
                if (checkpoints != null) {
                    checkpoints.committed();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Database transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * Gives a connection that writes a page cache of {@link #WRITER_CACHE_KIB}: a write transaction
     * changes pages spread over several indexes (a list or an event lands beside its user's earlier
     * ones), and with SQLite's default of 2 MiB those pages no longer fit, so each transaction read
     * them again from the file and wrote some out before its commit. A connection keeps the size once
     * given, so at most the pool's connections times this much, and only as pages are read.
     */
    private void writerCache(Connection c) throws SQLException {
        // Once per connection of the driver's (the pool hands out a new wrapper each time), not per transaction.
        if (writers.add(c.unwrap(org.sqlite.SQLiteConnection.class))) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA cache_size = -" + WRITER_CACHE_KIB);
            }
        }
    }

    /**
     * Starts a transaction. When that fails (SQLite's BEGIN IMMEDIATE waits for the write lock
     * only up to its busy timeout), the driver has left auto-commit mode without a transaction:
     * returned to the pool, that connection would commit each statement of the next transaction on
     * its own, and the failed commit would answer 503 for stored events. It is evicted instead.
     */
    private void begin(Connection c) throws SQLException {
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            pool.evictConnection(c);
            throw e;
        }
    }

    /** Runs work on one auto-commit connection, turning SQL failures into {@link StoreException}. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("Database query failed: " + e.getMessage(), e);
        }
    }

    /** Whether the database answers a trivial query within two seconds. */
    public boolean ping() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() {
        if (checkpoints != null) {
            checkpoints.close();
        }
        pool.close();
        if (checkpoints != null) {
            checkpoints.release();
        }
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
