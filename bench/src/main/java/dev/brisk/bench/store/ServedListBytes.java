package dev.brisk.bench.store;

import dev.brisk.server.store.Database;
import dev.brisk.server.store.LoggedList;
import dev.brisk.server.store.RecommendationLogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * Bytes the served-list log stores per list of 10 items, before (schema version 6: one
 * {@code recommendation_logs} row per served item, with its score and explanation) and now (one
 * {@code served_lists} row per list, a {@code served_list_clicks} row per clicked item), table and
 * index bytes together, on SQLite (file growth after a checkpoint) and PostgreSQL
 * ({@code pg_total_relation_size}). The same lists go into both: one user of 5,000, model "hybrid",
 * a model version, 10 items of 1,200, and one click in every 20 lists.
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.store.ServedListBytes [LISTS] [PG_URL] [PG_USER]</pre>
 */
public final class ServedListBytes {
    private static final int ITEMS = 10;

    public static void main(String[] args) throws Exception {
        int lists = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String pgUrl = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/test";
        String pgUser = args.length > 2 ? args[2] : "postgres";
        List<LoggedList> served = lists(lists);
        Path dir = Files.createTempDirectory("served-bytes");
        System.out.printf("%,d lists of %d items%n", lists, ITEMS);
        System.out.printf("SQLite      before %6.0f B/list   now %6.0f B/list%n",
                sqlite(dir.resolve("before.db"), served, true) / (double) lists,
                sqlite(dir.resolve("now.db"), served, false) / (double) lists);
        System.out.printf("PostgreSQL  before %6.0f B/list   now %6.0f B/list%n",
                postgres(pgUrl, pgUser, "bytes_before", served, true) / (double) lists,
                postgres(pgUrl, pgUser, "bytes_now", served, false) / (double) lists);
    }

    private static List<LoggedList> lists(int n) {
        SplittableRandom random = new SplittableRandom(42);
        List<LoggedList> out = new ArrayList<>(n);
        long at = 1_790_000_000_000L;
        for (int i = 0; i < n; i++) {
            List<String> items = new ArrayList<>(ITEMS);
            for (int k = 0; k < ITEMS; k++) {
                items.add("i" + (1 + random.nextInt(1_200)));
            }
            out.add(new LoggedList(UUID.randomUUID().toString(), "u" + (1 + random.nextInt(5_000)), "hybrid",
                    "hybrid-1790000000000-7", 1, items, at + i * 50L, null, null));
        }
        return out;
    }

    private static long sqlite(Path file, List<LoggedList> served, boolean before) throws Exception {
        String url = "jdbc:sqlite:" + file;
        if (before) {
            Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration/sqlite").target("6").load().migrate();
            long empty = checkpointedSize(url, file);
            try (Connection c = DriverManager.getConnection(url)) {
                writeItemByItem(c, served);
            }
            return checkpointedSize(url, file) - empty;
        }
        try (Database db = Database.open(new Database.Settings(url, "", "", "", 2))) {
            // opened once to create the schema
        }
        long empty = checkpointedSize(url, file);
        try (Database db = Database.open(new Database.Settings(url, "", "", "", 2))) {
            writeCompact(db, served);
        }
        return checkpointedSize(url, file) - empty;
    }

    private static long checkpointedSize(String url, Path file) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return Files.size(file);
    }

    private static long postgres(String url, String user, String schema, List<LoggedList> served, boolean before)
            throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        try {
            if (before) {
                Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration/postgresql").schemas(schema)
                        .target("6").load().migrate();
                try (Connection c = DriverManager.getConnection(url, user, "")) {
                    c.createStatement().execute("SET search_path TO " + schema);
                    writeItemByItem(c, served);
                }
                return relationBytes(url, user, schema, "recommendation_logs");
            }
            try (Database db = Database.open(new Database.Settings(url, user, "", schema, 2))) {
                writeCompact(db, served);
            }
            return relationBytes(url, user, schema, "served_lists") + relationBytes(url, user, schema, "served_list_clicks");
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static long relationBytes(String url, String user, String schema, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + schema + "." + table);
            try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + schema + "." + table + "')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The old log: a row per served item, with its score and explanation; every 20th list has its 3rd item clicked. */
    private static void writeItemByItem(Connection c, List<LoggedList> served) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recommendation_logs (request_id, user_id, item_id,"
                + " position, model_type, model_version, score, explanation, served_at, was_clicked, clicked_at, variant,"
                + " experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int n = 0; n < served.size(); n++) {
                LoggedList list = served.get(n);
                for (int k = 0; k < list.itemIds().size(); k++) {
                    boolean clicked = n % 20 == 0 && k == 2;
                    ps.setString(1, list.requestId());
                    ps.setString(2, list.userId());
                    ps.setString(3, list.itemIds().get(k));
                    ps.setInt(4, list.firstPosition() + k);
                    ps.setString(5, list.modelType());
                    ps.setString(6, list.modelVersion());
                    ps.setDouble(7, 0.9 - k * 0.05);
                    ps.setString(8, "Because you liked " + list.itemIds().get((k + 1) % ITEMS) + " and 2 more");
                    ps.setLong(9, list.servedAt());
                    ps.setBoolean(10, clicked);
                    ps.setObject(11, clicked ? list.servedAt() + 5_000 : null);
                    ps.setString(12, null);
                    ps.setString(13, null);
                    ps.addBatch();
                }
                if (n % 500 == 499) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
    }

    /** The log as written now, the same lists and the same clicks. */
    private static void writeCompact(Database db, List<LoggedList> served) {
        RecommendationLogStore store = new RecommendationLogStore(db);
        for (int from = 0; from < served.size(); from += 1_000) {
            store.insert(served.subList(from, Math.min(served.size(), from + 1_000)));
        }
        List<RecommendationLogStore.Click> clicks = new ArrayList<>();
        for (int n = 0; n < served.size(); n += 20) {
            LoggedList list = served.get(n);
            clicks.add(new RecommendationLogStore.Click(list.requestId(), list.userId(), list.itemIds().get(2), 0,
                    Long.MAX_VALUE, list.servedAt() + 5_000, false));
        }
        for (int from = 0; from < clicks.size(); from += 500) {
            List<RecommendationLogStore.Click> chunk = clicks.subList(from, Math.min(clicks.size(), from + 500));
            db.inTransaction(c -> store.attribute(c, chunk));
        }
    }
}
