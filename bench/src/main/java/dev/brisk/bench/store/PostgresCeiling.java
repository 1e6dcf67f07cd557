package dev.brisk.bench.store;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The raw ceiling of event ingest into PostgreSQL, past Brisk: one JDBC connection inserts rows of
 * the shape the HTTP benchmark sends into a plain copy of {@code user_events} (same columns, same
 * unique and secondary indexes) in a schema of its own, 10,000 rows per transaction, in three ways:
 * the multi-row {@code INSERT ... ON CONFLICT DO NOTHING RETURNING} of 500 rows that Brisk's event log
 * uses on SQLite, a JDBC batch of single-row inserts, and a text {@code COPY FROM STDIN}. (On PostgreSQL
 * the event log writes a binary {@code COPY}; {@link EventInsertWays} compares it with the insert it
 * replaced.) Each way starts on an
 * empty table and runs for a bounded time; the schema is dropped at the end.
 *
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.store.PostgresCeiling --seconds 10</pre>
 */
@Command(name = "postgres-ceiling", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures raw batched inserts of user_events rows into PostgreSQL from Java.")
public final class PostgresCeiling implements Callable<Integer> {
    /** Rows per transaction, as Brisk's BRISK_INGEST_COMMIT_EVENTS default. */
    public static final int ROWS_PER_TRANSACTION = 10_000;
    /** Rows per multi-row INSERT, as EventLog's chunk. */
    public static final int ROWS_PER_STATEMENT = 500;
    private static final String COLUMNS = "event_id, user_id, item_id, event_type, rating, timestamp, received_at,"
            + " session_id, source, recommendation_id";
    private static final String[] TYPES = {"view", "click", "add_to_cart", "purchase", "rating", "like", "impression"};
    private static final int[] SHARES = {60, 75, 82, 85, 93, 97, 100};
    /** The source the service stores for an event that names none. */
    private static final String SOURCE = "web";

    @Option(names = "--db-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test", description = "Default: ${DEFAULT-VALUE}")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "The database password")
    String dbPassword;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured length of each way. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--users", defaultValue = "5000", description = "Users of the rows (as the HTTP benchmark's ingest). Default: ${DEFAULT-VALUE}")
    int users;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PostgresCeiling()).execute(args));
    }

    @Override
    public Integer call() throws SQLException {
        Map<String, Map<String, Object>> figures = measure(dbUrl, dbUser, dbPassword, seconds, users);
        figures.forEach((way, f) -> System.out.printf(Locale.ROOT, "%-22s %,10.0f rows/s  (%s)%n", way,
                (double) f.get("rows_per_second"), f.get("what")));
        return 0;
    }

    /** Runs the three ways one after the other; per way: rows, seconds, rows_per_second, what. */
    public static Map<String, Map<String, Object>> measure(String url, String user, String password, int seconds,
                                                           int users) throws SQLException {
        String schema = "brisk_ceiling_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        try (Connection c = connect(url, user, password)) {
            try (Statement s = c.createStatement()) {
                createTable(s, schema);
            }
            try {
                c.setAutoCommit(false);
                for (Way way : Way.values()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("TRUNCATE user_events");
                    }
                    c.commit();
                    out.put(way.label, run(c, way, seconds, users));
                }
            } finally {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
        return out;
    }

    /** The columns and indexes that user_events has beyond V1's (db/migration/postgresql/V2__*.sql, V15__*.sql). */
    private static void indexes(Statement s) throws SQLException {
        s.execute("ALTER TABLE user_events ADD COLUMN metadata TEXT");
        s.execute("CREATE INDEX idx_events_user_recent ON user_events (user_id, timestamp DESC, id DESC)"
                + " INCLUDE (item_id, event_type, rating)");
        s.execute("CREATE INDEX idx_events_user_session ON user_events (user_id, session_id)");
        s.execute("CREATE INDEX idx_events_time ON user_events (timestamp)");
        s.execute("CREATE INDEX idx_events_item_time ON user_events (item_id, timestamp DESC, id DESC)");
    }

    /**
     * The plain ceiling the ingest target is set against: {@code sessions} connections at once, each
     * sending multi-row {@code INSERT ... ON CONFLICT (event_id) DO NOTHING} statements of
     * {@code rowsPerStatement} rows, each statement its own transaction, into a table of user_events'
     * shape (same columns and indexes) in a schema of its own that starts empty, for {@code seconds}.
     * Rows per second.
     */
    public static double sessions(String url, String user, String password, int seconds, int users, int sessions,
                                  int rowsPerStatement) throws SQLException, InterruptedException {
        String schema = "brisk_ceiling_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        try (Connection admin = connect(url, user, password); Statement s = admin.createStatement()) {
            createTable(s, schema);
            try {
                return window(url, user, password, schema, "s", seconds, users, sessions, rowsPerStatement);
            } finally {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** A new schema holding an empty table of user_events' shape (columns and indexes). */
    static void createTable(Statement s, String schema) throws SQLException {
        s.execute("CREATE SCHEMA " + schema);
        s.execute("SET search_path TO " + schema);
        // A plain copy of user_events as in db/migration/postgresql/V1__initial_schema.sql.
        s.execute("CREATE TABLE user_events (id BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
                + " user_id TEXT NOT NULL, item_id TEXT NOT NULL, event_type TEXT NOT NULL,"
                + " rating DOUBLE PRECISION, timestamp BIGINT NOT NULL, received_at BIGINT NOT NULL,"
                + " session_id TEXT, source TEXT, recommendation_id TEXT)");
        indexes(s);
    }

    /**
     * One window of {@link #sessions}'s inserts into the table of {@code schema}, whose event ids
     * start with {@code idPrefix} (so windows into one table never repeat an id). Rows per second.
     */
    static double window(String url, String user, String password, String schema, String idPrefix, int seconds,
                         int users, int sessions, int rowsPerStatement) throws SQLException, InterruptedException {
        long sessionsFrom = System.currentTimeMillis();
        try {
            return SessionWindow.rowsPerSecond(sessions, seconds, "ceiling-session", (session, end) -> {
                SplittableRandom random = new SplittableRandom(11 + session);
                long n = 0;
                try (Connection c = connect(url, user, password); Statement set = c.createStatement()) {
                    set.execute("SET search_path TO " + schema);
                    while (System.nanoTime() < end) {
                        Row[] batch = new Row[rowsPerStatement];
                        for (int i = 0; i < batch.length; i++) {
                            batch[i] = row(random, users, idPrefix + session + "-" + (n++), sessionsFrom);
                        }
                        insertPlain(c, batch, System.currentTimeMillis());
                    }
                }
                return n;
            });
        } catch (SQLException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        return user.isEmpty() ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    }

    /** One multi-row INSERT ... ON CONFLICT DO NOTHING of the whole batch, in auto-commit (its own transaction). */
    private static void insertPlain(Connection c, Row[] batch, long receivedAt) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO user_events (" + COLUMNS + ") VALUES ");
        for (int i = 0; i < batch.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        sql.append(" ON CONFLICT (event_id) DO NOTHING");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (Row r : batch) {
                p = bind(ps, p, r, receivedAt);
            }
            ps.executeUpdate();
        }
    }

    private enum Way {
        MULTI_ROW_RETURNING("insert-multirow", "INSERT ... VALUES (500 rows) ON CONFLICT (event_id) DO NOTHING RETURNING event_id, as EventLog on SQLite"),
        JDBC_BATCH("insert-jdbc-batch", "PreparedStatement.addBatch of single-row INSERTs, executeBatch per transaction"),
        COPY("copy", "COPY user_events FROM STDIN (text)");

        final String label;
        final String what;

        Way(String label, String what) {
            this.label = label;
            this.what = what;
        }
    }

    /**
     * A row as the service stores it: with the session it assigns (one per user while the user's
     * events keep coming, its id as {@code Sessions.newSessionId} makes it) and the default source.
     */
    private record Row(String eventId, String userId, String itemId, String type, double rating, long timestamp,
                       String sessionId) {
    }

    private static Map<String, Object> run(Connection c, Way way, int seconds, int users) throws SQLException {
        SplittableRandom random = new SplittableRandom(11);
        long start = System.nanoTime();
        long sessionsFrom = System.currentTimeMillis();
        long end = start + seconds * 1_000_000_000L;
        long rows = 0;
        long transactions = 0;
        while (System.nanoTime() < end) {
            Row[] batch = new Row[ROWS_PER_TRANSACTION];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = row(random, users, way.label + "-" + (rows + i), sessionsFrom);
            }
            long now = System.currentTimeMillis();
            switch (way) {
                case MULTI_ROW_RETURNING -> multiRow(c, batch, now);
                case JDBC_BATCH -> jdbcBatch(c, batch, now);
                case COPY -> copy(c, batch, now);
            }
            c.commit();
            rows += batch.length;
            transactions++;
        }
        double took = (System.nanoTime() - start) / 1e9;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("what", way.what);
        f.put("rows", rows);
        f.put("transactions", transactions);
        f.put("seconds", Math.round(took * 100) / 100.0);
        f.put("rows_per_second", rows / took);
        return f;
    }

    /** A random row; its user's session began at {@code sessionsFrom}. */
    private static Row row(SplittableRandom random, int users, String eventId, long sessionsFrom) {
        int roll = random.nextInt(100);
        int t = 0;
        while (roll >= SHARES[t]) {
            t++;
        }
        double rating = TYPES[t].equals("rating") ? 0.5 * (1 + random.nextInt(10)) : Double.NaN;
        String user = "lu" + (1 + random.nextInt(users));
        return new Row(eventId, user, "i" + (1 + random.nextInt(1_200)), TYPES[t], rating, System.currentTimeMillis(),
                "s-" + Long.toString(sessionsFrom, 36) + "-" + Integer.toHexString(user.hashCode()));
    }

    private static int bind(PreparedStatement ps, int p, Row r, long receivedAt) throws SQLException {
        ps.setString(p++, r.eventId());
        ps.setString(p++, r.userId());
        ps.setString(p++, r.itemId());
        ps.setString(p++, r.type());
        if (Double.isNaN(r.rating())) {
            ps.setNull(p++, Types.DOUBLE);
        } else {
            ps.setDouble(p++, r.rating());
        }
        ps.setLong(p++, r.timestamp());
        ps.setLong(p++, receivedAt);
        ps.setString(p++, r.sessionId());
        ps.setString(p++, SOURCE);
        ps.setString(p++, null);
        return p;
    }

    private static void multiRow(Connection c, Row[] batch, long receivedAt) throws SQLException {
        for (int from = 0; from < batch.length; from += ROWS_PER_STATEMENT) {
            int n = Math.min(ROWS_PER_STATEMENT, batch.length - from);
            StringBuilder sql = new StringBuilder("INSERT INTO user_events (" + COLUMNS + ") VALUES ");
            for (int i = 0; i < n; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            sql.append(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (int i = 0; i < n; i++) {
                    p = bind(ps, p, batch[from + i], receivedAt);
                }
                int returned = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        returned++;
                    }
                }
                if (returned != n) {
                    throw new IllegalStateException("Expected " + n + " inserted rows, got " + returned);
                }
            }
        }
    }

    private static void jdbcBatch(Connection c, Row[] batch, long receivedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_events (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Row r : batch) {
                bind(ps, 1, r, receivedAt);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void copy(Connection c, Row[] batch, long receivedAt) throws SQLException {
        StringBuilder text = new StringBuilder(batch.length * 80);
        for (Row r : batch) {
            text.append(r.eventId()).append('\t').append(r.userId()).append('\t').append(r.itemId()).append('\t')
                    .append(r.type()).append('\t').append(Double.isNaN(r.rating()) ? "\\N" : Double.toString(r.rating()))
                    .append('\t').append(r.timestamp()).append('\t').append(receivedAt).append('\t').append(r.sessionId()).append('\t').append(SOURCE)
                    .append("\t\\N\n");
        }
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY user_events (" + COLUMNS + ") FROM STDIN", new StringReader(text.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
    }
}
