package dev.brisk.bench.store;

import dev.brisk.core.event.Event;
import dev.brisk.server.ingest.EventWriter;
import dev.brisk.server.store.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the ingest writer's transaction costs per event in SQLite, by how many events one group holds
 * (single events at 16 clients make groups of about 8) and how many users they come from: the writer
 * thread's CPU time and the wall time of {@link EventWriter#write} (one transaction per group: the
 * event-id check, the profiles' read and upsert, sessions, the insert into {@code user_events} and its
 * indexes, the commit with its {@code fsync}), for 20,000 events written into a log that holds 200,000
 * already (written 2,000 to a group, not timed). Views and clicks of 5,000 items, random event ids, one
 * second apart. A fresh database in a temporary directory per setting.
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.store.EventWriteCost [USERS,...] [EVENTS_PER_GROUP,...]</pre>
 */
public final class EventWriteCost {
    private static final int BEFORE = 200_000;
    private static final int MEASURED = 20_000;
    private static final int ITEMS = 5_000;

    public static void main(String[] args) throws Exception {
        int[] users = ScratchFolder.ints(args.length > 0 ? args[0] : "5000,50000");
        int[] groups = ScratchFolder.ints(args.length > 1 ? args[1] : "8,64");
        System.out.printf("%8s %12s %16s %16s%n", "users", "events/group", "cpu us/event", "wall us/event");
        for (int u : users) {
            for (int g : groups) {
                double[] cost = measure(u, g);
                System.out.printf("%8d %12d %16.2f %16.2f%n", u, g, cost[0], cost[1]);
            }
        }
    }

    /** CPU and wall microseconds per event. */
    private static double[] measure(int users, int perGroup) throws Exception {
        Path dir = Files.createTempDirectory("event-write");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(11);
        long cpu = 0;
        long wall = 0;
        long at = 1_790_000_000_000L;
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("events.db"), "", "", "", 4))) {
            EventWriter writer = ScratchFolder.eventWriter(db);
            for (int written = 0; written < BEFORE + MEASURED; ) {
                boolean measured = written >= BEFORE;
                int n = measured ? perGroup : 2_000;
                List<Event> group = ScratchFolder.randomEvents(random, n, users, ITEMS, at);
                at += n * 1_000L;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                writer.write(group, at);
                if (measured) {
                    cpu += threads.getCurrentThreadCpuTime() - cpu0;
                    wall += System.nanoTime() - wall0;
                }
                written += n;
            }
            writer.close();
        } finally {
            ScratchFolder.delete(dir);
        }
        return new double[] {cpu / 1e3 / MEASURED, wall / 1e3 / MEASURED};
    }
}
