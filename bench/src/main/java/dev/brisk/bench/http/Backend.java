package dev.brisk.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the measured Brisk keeps its data and cache, as the {@code BRISK_*} variables that select
 * it, and the check that the server really uses what was asked: a server that ignores or refuses
 * the variables must not produce figures under the wrong name.
 */
enum Backend {
    /** A fresh SQLite file (WAL, full sync) and the in-process cache: the zero-setup default. */
    SQLITE_MEMORY("sqlite-memory", "sqlite", "memory"),
    /** PostgreSQL in a schema of its own and Redis as the shared cache. */
    POSTGRES_REDIS("postgres-redis", "postgresql", "redis");

    private final String option;
    private final String dialect;
    private final String cache;

    Backend(String option, String dialect, String cache) {
        this.option = option;
        this.dialect = dialect;
        this.cache = cache;
    }

    String option() {
        return option;
    }

    static Backend of(String option) {
        for (Backend b : values()) {
            if (b.option.equals(option)) {
                return b;
            }
        }
        throw new IllegalArgumentException("Unknown backend '" + option + "'; use sqlite-memory or postgres-redis");
    }

    /** The settings for the server; {@code dataDir} holds a SQLite file. */
    Map<String, String> environment(Path dataDir, Connections connections) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BRISK_HOST", "127.0.0.1");
        env.put("BRISK_PORT", "0");
        // The load generator is one client address standing for many clients: the per-address
        // limits that protect an open service from one client would measure themselves instead.
        env.put("BRISK_RATE_LIMIT_READ", "0");
        env.put("BRISK_RATE_LIMIT_WRITE", "0");
        env.put("BRISK_RATE_LIMIT_ADMIN", "0");
        env.put("BRISK_MAX_CONNECTIONS_PER_CLIENT", "10000");
        if (this == SQLITE_MEMORY) {
            env.put("BRISK_DB_URL", "jdbc:sqlite:" + sqliteFile(dataDir));
        } else {
            env.put("BRISK_DB_URL", connections.dbUrl());
            env.put("BRISK_DB_SCHEMA", connections.dbSchema());
            if (!connections.dbUser().isEmpty()) {
                env.put("BRISK_DB_USER", connections.dbUser());
                env.put("BRISK_DB_PASSWORD", connections.dbPassword());
            }
            env.put("BRISK_REDIS_URL", connections.redisUrl());
        }
        return env;
    }

    /** Throws with a clear message when the running server does not use this backend. */
    void verify(HttpConnection server) throws IOException {
        JsonNode ready = Json.MAPPER.readTree(server.get("/ready").body());
        String usedDialect = "";
        for (JsonNode component : ready.path("components")) {
            if ("database".equals(component.path("component").asText())) {
                usedDialect = component.path("details").path("dialect").asText("");
            }
        }
        JsonNode stats = Json.MAPPER.readTree(server.get("/cache/stats").body());
        String usedCache = stats.path("backend").asText("");
        if (!usedDialect.toLowerCase(Locale.ROOT).contains(dialect)) {
            throw new IllegalStateException("Backend " + option + " asked for database " + dialect
                    + " but the server reports '" + usedDialect + "' in /ready");
        }
        if (!usedCache.toLowerCase(Locale.ROOT).contains(cache)) {
            throw new IllegalStateException("Backend " + option + " asked for cache " + cache
                    + " but /cache/stats reports backend '" + usedCache + "'"
                    + (this == POSTGRES_REDIS ? ": this server build ignores BRISK_REDIS_URL (Redis support is not in it)" : ""));
        }
    }

    /**
     * Counts {@code user_events} straight in the database, past the server and its caches: what is
     * durably stored.
     */
    long storedEvents(Path dataDir, Connections connections) {
        try (Connection c = open(dataDir, connections); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM " + (this == SQLITE_MEMORY ? "" : connections.dbSchema() + ".")
                     + "user_events")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the stored events: " + e.getMessage(), e);
        }
    }

    /**
     * What the database takes on disk now: the SQLite file with its WAL and shared-memory files, or
     * every table of the schema with its indexes and TOAST ({@code pg_total_relation_size}).
     */
    long databaseBytes(Path dataDir, Connections connections) {
        if (this == SQLITE_MEMORY) {
            long sum = 0;
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                java.io.File file = Path.of(sqliteFile(dataDir) + suffix).toFile();
                sum += file.length(); // 0 when absent
            }
            return sum;
        }
        try (Connection c = open(dataDir, connections);
             var query = c.prepareStatement("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'm')")) {
            query.setString(1, connections.dbSchema());
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot measure the database: " + e.getMessage(), e);
        }
    }

    /** The SQLite database file of sqlite-memory runs in this folder. */
    static Path sqliteFile(Path dataDir) {
        return dataDir.resolve("brisk-bench.db");
    }

    private Connection open(Path dataDir, Connections connections) throws SQLException {
        if (this == SQLITE_MEMORY) {
            return DriverManager.getConnection(environment(dataDir, connections).get("BRISK_DB_URL"));
        }
        return connections.dbUser().isEmpty() ? DriverManager.getConnection(connections.dbUrl())
                : DriverManager.getConnection(connections.dbUrl(), connections.dbUser(), connections.dbPassword());
    }

    /** Drops the PostgreSQL schema the run created; SQLite files go with their folder. */
    void cleanUp(Connections connections) {
        if (this != POSTGRES_REDIS || !connections.dbSchema().startsWith(Connections.SCHEMA_PREFIX)) {
            return;
        }
        try (Connection c = open(null, connections); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + connections.dbSchema() + " CASCADE");
            try (var rs = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + connections.dbSchema() + "'")) {
                if (rs.next()) {
                    System.err.println("Schema " + connections.dbSchema() + " is still there; drop it by hand");
                }
            }
        } catch (SQLException e) {
            System.err.println("Could not drop schema " + connections.dbSchema() + ": " + e.getMessage());
        }
    }

    /** Where PostgreSQL and Redis are; the schema is new for each run unless one is given. */
    record Connections(String dbUrl, String dbSchema, String dbUser, String dbPassword, String redisUrl) {
        static final String SCHEMA_PREFIX = "brisk_bench_";

        static String freshSchema() {
            return SCHEMA_PREFIX + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        }
    }
}
