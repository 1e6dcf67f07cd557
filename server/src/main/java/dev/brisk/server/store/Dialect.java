package dev.brisk.server.store;

/** The SQL databases Brisk runs on. Each has its own set of migrations. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported database URL: " + jdbcUrl);
    }

    /** The database's own clock in epoch milliseconds, as SQL: leases are timed by it, not by the instances' clocks. */
    public String nowMillis() {
        return this == POSTGRESQL ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
                : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    }

    /** What ends a SELECT that locks the rows it reads until the transaction ends (SQLite's transactions lock the whole database). */
    public String forUpdate() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    public String migrationLocation() {
        return "classpath:db/migration/" + migrations;
    }
}
