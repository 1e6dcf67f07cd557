package dev.brisk.bench.store;

import dev.brisk.core.event.TimeOrderedIds;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.LoggedList;
import dev.brisk.server.store.RecommendationLogStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What writing the served-list log costs per list in SQLite, by how many lists go into one
 * transaction and how many users they were served to: the writer thread's CPU time and the wall time
 * of {@link RecommendationLogStore#insert} for 100,000 lists written into a log that holds 300,000
 * already (written 2,000 to a transaction, not timed), so every setting writes into indexes of the same
 * size. Lists of 10 items of 1,200,
 * with time-ordered request ids, as the service serves them; each user's lists land in the index by
 * user beside that user's earlier ones, so a transaction writes about one page of it per user it holds.
 * A fresh database in a temporary directory per setting.
 * With {@code without-user-index} as a third argument, the log's index by user and time is dropped
 * first: what that one index costs.
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.store.ServedListWriteCost [USERS,...] [LISTS_PER_TRANSACTION,...] [without-user-index]</pre>
 */
public final class ServedListWriteCost {
    private static final int BEFORE = 300_000;
    private static final int MEASURED = 100_000;

    public static void main(String[] args) throws Exception {
        int[] users = ScratchFolder.ints(args.length > 0 ? args[0] : "500,5000,50000");
        int[] batches = ScratchFolder.ints(args.length > 1 ? args[1] : "400,2000");
        boolean withoutUserIndex = args.length > 2 && args[2].equals("without-user-index");
        System.out.printf("%8s %12s %16s %16s%n", "users", "lists/tx", "cpu us/list", "wall us/list");
        for (int u : users) {
            for (int b : batches) {
                double[] cost = measure(u, b, withoutUserIndex);
                System.out.printf("%8d %12d %16.2f %16.2f%n", u, b, cost[0], cost[1]);
            }
        }
    }

    /** CPU and wall microseconds per list. */
    private static double[] measure(int users, int perTransaction, boolean withoutUserIndex) throws Exception {
        Path dir = Files.createTempDirectory("served-write");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(7);
        long cpu = 0;
        long wall = 0;
        long servedAt = 1_790_000_000_000L;
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("log.db"), "", "", "", 2))) {
            if (withoutUserIndex) {
                db.inTransaction(c -> {
                    try (var statement = c.createStatement()) {
                        statement.execute("DROP INDEX idx_served_lists_user_time");
                    }
                    return null;
                });
            }
            RecommendationLogStore store = new RecommendationLogStore(db);
            for (int written = 0; written < BEFORE + MEASURED; ) {
                boolean measured = written >= BEFORE;
                int n = measured ? perTransaction : 2_000;
                List<LoggedList> lists = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    List<String> items = new ArrayList<>(10);
                    for (int k = 0; k < 10; k++) {
                        items.add("i" + (1 + random.nextInt(1_200)));
                    }
                    lists.add(new LoggedList(TimeOrderedIds.next(), "u" + (1 + random.nextInt(users)), "hybrid",
                            "hybrid-1790000000000-7", 1, items, servedAt++, null, null));
                }
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                store.insert(lists);
                if (measured) {
                    cpu += threads.getCurrentThreadCpuTime() - cpu0;
                    wall += System.nanoTime() - wall0;
                }
                written += n;
            }
        } finally {
            ScratchFolder.delete(dir);
        }
        return new double[] {cpu / 1e3 / MEASURED, wall / 1e3 / MEASURED};
    }
}
