package dev.brisk.bench.store;

import dev.brisk.core.event.EventTypes;
import dev.brisk.server.store.ActivityStore;
import dev.brisk.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;

/**
 * What reading a heavy user's history costs in SQLite: {@link ActivityStore#recentInteractions} of
 * 1,000 events (the default {@code BRISK_HISTORY_LIMIT}) for 50 users with about 1,190 events each,
 * in a log of 1,000,000 events of 5,000 users written in time order, so that each user's events lie
 * scattered among everyone else's, as traffic leaves them. Five rounds over the 50 users; microseconds
 * per user. With {@code through-table} the history index is replaced by one of (user, time) alone, as
 * before V15: each event's columns are then read from the table.
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.store.HistoryReadCost [through-table]</pre>
 */
public final class HistoryReadCost {
    private static final int HEAVY_USERS = 50;

    public static void main(String[] args) throws Exception {
        boolean throughTable = args.length > 0 && args[0].equals("through-table");
        Path dir = Files.createTempDirectory("history-read");
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("events.db"), "", "", "", 2))) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    // Every 20th event is one of the heavy users', the others spread over 5,000 users; 100,000 items.
                    s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 1000000)"
                            + " INSERT INTO user_events (event_id, user_id, item_id, event_type, rating, timestamp,"
                            + " received_at) SELECT 'e' || x, CASE WHEN x % 20 = 0 THEN 'u' || (x / 20 % " + HEAVY_USERS
                            + ") ELSE 'u' || (abs(random()) % 5000) END, 'i' || (abs(random()) % 100000),"
                            + " CASE WHEN x % 7 = 0 THEN 'click' ELSE 'view' END, NULL, 1700000000000 + x * 1000,"
                            + " 1700000000000 + x * 1000 FROM n");
                    if (throughTable) {
                        s.execute("DROP INDEX idx_events_user_recent");
                        s.execute("CREATE INDEX idx_events_user_time ON user_events (user_id, timestamp DESC, id DESC)");
                    }
                    s.execute("ANALYZE");
                }
                return null;
            });
            ActivityStore store = new ActivityStore(db, EventTypes.declaring(List.of()));
            System.out.println(throughTable ? "through the table (an index of user and time alone)"
                    : "from the history index alone");
            for (int round = 1; round <= 5; round++) {
                long started = System.nanoTime();
                int events = 0;
                for (int u = 0; u < HEAVY_USERS; u++) {
                    events += store.recentInteractions("u" + u, 1_000).size();
                }
                System.out.printf("round %d: %,d events, %,.0f µs per user%n", round, events,
                        (System.nanoTime() - started) / 1e3 / HEAVY_USERS);
            }
        } finally {
            ScratchFolder.delete(dir);
        }
    }
}
