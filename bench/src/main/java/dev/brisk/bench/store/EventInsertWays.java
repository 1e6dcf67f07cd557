package dev.brisk.bench.store;

import dev.brisk.core.event.Event;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.EventLog;
import dev.brisk.server.store.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest writer's insert into {@code user_events} on PostgreSQL, at the database alone: the binary
 * {@code COPY} of {@link EventLog#insert} against the {@code unnest} insert with {@code ON CONFLICT DO
 * NOTHING RETURNING} that it replaced. A fresh schema (the service's migrations) whose table holds
 * {@code PRELOAD} rows first; then windows of {@code SECONDS} each, the two ways alternating (their order
 * swapped every round), 4 sessions writing 1,000 events per transaction, as the HTTP benchmark's batch
 * clients send them. Views and clicks of 5,000 users and 2,000 items with sessions, random event ids.
 * The schema is dropped at the end.
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.store.EventInsertWays [PRELOAD] [SECONDS] [ROUNDS]</pre>
 */
public final class EventInsertWays {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final int SESSIONS = 4;
    private static final int PER_TRANSACTION = 1_000;
    private static final int USERS = 5_000;
    private static final int ITEMS = 2_000;
    private static final AtomicLong WINDOWS = new AtomicLong();

    private interface Way {
        void insert(EventLog log, Connection c, List<Event> events, long receivedAt) throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        long preload = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String schema = "brisk_insert_ways";
        try (Connection admin = java.sql.DriverManager.getConnection(URL, "postgres", "");
             Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        try (Database db = Database.open(new Database.Settings(URL, "postgres", "", schema, SESSIONS + 1))) {
            EventLog log = new EventLog(db);
            long started = System.nanoTime();
            // On a connection of its own: the pool's would time out during a long preload.
            try (Connection c = java.sql.DriverManager.getConnection(URL, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
                s.execute("INSERT INTO user_events (event_id, user_id, item_id, event_type, rating, timestamp,"
                        + " received_at, session_id, source) SELECT 'pre-' || g, 'u' || (g % " + USERS + "),"
                        + " 'i' || (g * 7919 % " + ITEMS + "), 'view', NULL, 1790000000000 + g * 10,"
                        + " 1790000000000 + g * 10, 'u' || (g % " + USERS + ") || '-' || (g / 5000), 'web'"
                        + " FROM generate_series(1::bigint, " + preload + ") g");
                s.execute("VACUUM ANALYZE user_events");
            }
            System.out.printf(Locale.ROOT, "%,d rows preloaded in %.1f s%n", preload, (System.nanoTime() - started) / 1e9);
            Way copy = EventLog::insert;
            Way unnest = (l, c, events, receivedAt) -> unnestInsert(c, events, receivedAt);
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double a;
                double b;
                if (round % 2 == 1) {
                    b = window(db, log, unnest, seconds);
                    a = window(db, log, copy, seconds);
                } else {
                    a = window(db, log, copy, seconds);
                    b = window(db, log, unnest, seconds);
                }
                ratios.add(a / b);
                System.out.printf(Locale.ROOT, "round %d: binary COPY %,.0f rows/s, unnest insert %,.0f rows/s, %.2fx%n",
                        round, a, b, a / b);
            }
            ratios.sort(Double::compare);
            System.out.printf(Locale.ROOT, "median of %d rounds: %.2fx%n", rounds,
                    ratios.size() % 2 == 1 ? ratios.get(ratios.size() / 2)
                            : (ratios.get(ratios.size() / 2 - 1) + ratios.get(ratios.size() / 2)) / 2);
        } finally {
            try (Connection admin = java.sql.DriverManager.getConnection(URL, "postgres", "");
                 Statement s = admin.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** One window of {@code SESSIONS} writers, each committing {@code PER_TRANSACTION} events at a time. Rows per second. */
    private static double window(Database db, EventLog log, Way way, int seconds) throws Exception {
        return SessionWindow.rowsPerSecond(SESSIONS, seconds, "insert-session", (session, end) -> {
            SplittableRandom random = new SplittableRandom(WINDOWS.incrementAndGet()); // new ids in every window
            long rows = 0;
            while (System.nanoTime() < end) {
                long now = System.currentTimeMillis();
                List<Event> events = new ArrayList<>(PER_TRANSACTION);
                for (Event e : ScratchFolder.randomEvents(random, PER_TRANSACTION, USERS, ITEMS, now)) {
                    events.add(e.withSessionId(e.userId() + "-" + now / 1_800_000));
                }
                db.inTransaction(c -> {
                    way.insert(log, c, events, now);
                    return null;
                });
                rows += events.size();
            }
            return rows;
        });
    }

    /** The writer's insert before the binary COPY: every column as an array, turned into rows by unnest. */
    private static void unnestInsert(Connection c, List<Event> events, long receivedAt) throws SQLException {
        int n = events.size();
        String[] ids = new String[n];
        String[] users = new String[n];
        String[] items = new String[n];
        String[] types = new String[n];
        Double[] ratings = new Double[n];
        Long[] times = new Long[n];
        String[] sessions = new String[n];
        String[] sources = new String[n];
        String[] lists = new String[n];
        String[] metadata = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            ids[i] = e.eventId();
            users[i] = e.userId();
            items[i] = e.itemId();
            types[i] = e.type().wireName();
            ratings[i] = e.hasRating() ? e.rating() : null;
            times[i] = e.timestamp();
            sessions[i] = e.sessionId();
            sources[i] = e.source();
            lists[i] = e.recommendationId();
            metadata[i] = e.metadata() == null ? null : Json.write(e.metadata());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_events (event_id, user_id, item_id, event_type,"
                + " rating, timestamp, received_at, session_id, source, recommendation_id, metadata)"
                + " SELECT e, u, i, t, r, ts, ?, s, src, rec, m FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::float8[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) AS x(e, u, i, t, r, ts, s, src, rec, m)"
                + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id, id")) {
            ps.setLong(1, receivedAt);
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("text", users));
            ps.setArray(4, c.createArrayOf("text", items));
            ps.setArray(5, c.createArrayOf("text", types));
            ps.setArray(6, c.createArrayOf("float8", ratings));
            ps.setArray(7, c.createArrayOf("bigint", times));
            ps.setArray(8, c.createArrayOf("text", sessions));
            ps.setArray(9, c.createArrayOf("text", sources));
            ps.setArray(10, c.createArrayOf("text", lists));
            ps.setArray(11, c.createArrayOf("text", metadata));
            try (ResultSet rs = ps.executeQuery()) {
                java.util.Map<String, Long> inserted = new java.util.HashMap<>(n * 2);
                while (rs.next()) {
                    inserted.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
    }
}
