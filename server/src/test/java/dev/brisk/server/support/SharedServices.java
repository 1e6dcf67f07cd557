package dev.brisk.server.support;

import dev.brisk.server.store.Database;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The PostgreSQL and Redis that run beside the tests (CI starts them). Each test takes a schema
 * and a key prefix of its own, so tests never see each other's data.
 */
public final class SharedServices {
    public static final String POSTGRES_URL = env("BRISK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = env("BRISK_TEST_PG_USER", "postgres");
    public static final String REDIS_URL = env("BRISK_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private SharedServices() {
    }

    /** A new, empty schema name (dropped first in case a previous run left it). */
    public static String freshSchema(String purpose) {
        String schema = ("t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        try (var c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + POSTGRES_URL + " is required for this test: "
                    + e.getMessage(), e);
        }
        return schema;
    }

    /**
     * The settings of a fresh database of a dialect ({@code sqlite} or {@code postgresql}): a file in
     * {@code dir}, or a new schema of the shared PostgreSQL; {@code purpose} names either.
     */
    public static Database.Settings freshDatabase(String dialect, Path dir,
                                                                          String purpose) {
        return dialect.equals("sqlite")
                ? new Database.Settings("jdbc:sqlite:" + dir.resolve(purpose + ".db"), "", "", "", 2)
                : new Database.Settings(POSTGRES_URL, POSTGRES_USER, "", freshSchema(purpose), 2);
    }

    /** Drops the schema of settings from {@link #freshDatabase}, if it has one. */
    public static void dropSchemaOf(Database.Settings settings) {
        if (!settings.schema().isEmpty()) {
            dropSchema(settings.schema());
        }
    }

    /** Drops a schema a test made; failures are ignored (the next run drops it anyway). */
    public static void dropSchema(String schema) {
        try (var c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException ignored) {
            // best effort
        }
    }

    /** Settings that put services on one PostgreSQL schema and one Redis key prefix: one cluster. */
    public static java.util.Map<String, String> oneCluster(String schema, String redisPrefix) {
        return java.util.Map.of("BRISK_DB_URL", POSTGRES_URL, "BRISK_DB_USER", POSTGRES_USER, "BRISK_DB_SCHEMA", schema,
                "BRISK_REDIS_URL", REDIS_URL, "BRISK_REDIS_PREFIX", redisPrefix);
    }

    public static String freshRedisPrefix(String purpose) {
        return "test:" + purpose + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
