package dev.brisk.bench.store;

import dev.brisk.server.ingest.EventWriter;
import dev.brisk.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The tail of the ingest writer's group transactions in SQLite: the time of every
 * {@link EventWriter#write} of a group of single events (one transaction each, with its commit and
 * {@code fsync}, and the WAL checkpoints that fall into it) into a log that holds 200,000 events
 * already, as percentiles. Groups of 8 events from 5,000 users are what single events at 16 clients
 * make. A fresh database in a temporary directory per round.
 * <ul>
 * <li>{@code CHECKPOINT_EVERY_MS} above 0 adds a thread that runs a passive WAL checkpoint on a
 * connection of its own at that interval (an experiment, beside the database's own checkpoint thread);</li>
 * <li>{@code EVENTS_PER_SECOND} above 0 starts the groups on a fixed schedule instead of back to
 * back, and a group's time then counts from its scheduled start (the wait behind a slow one too).</li>
 * </ul>
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.store.GroupWriteTail [ROUNDS] [EVENTS_PER_GROUP] [GROUPS] [CHECKPOINT_EVERY_MS] [EVENTS_PER_SECOND]</pre>
 */
public final class GroupWriteTail {
    private static final int BEFORE = 200_000;
    private static final int USERS = 5_000;
    private static final int ITEMS = 5_000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int perGroup = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int groups = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        long every = args.length > 3 ? Long.parseLong(args[3]) : 0;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        System.out.printf("%5s %8s %10s %10s %10s %10s %10s %12s%n", "round", "events/s", "p50 ms", "p90 ms",
                "p99 ms", "p99.9 ms", "max ms", "wal file MB");
        for (int r = 1; r <= rounds; r++) {
            double[] f = measure(perGroup, groups, every, rate);
            System.out.printf("%5d %8.0f %10.3f %10.3f %10.3f %10.3f %10.3f %12.1f%n", r, f[0], f[1], f[2], f[3],
                    f[4], f[5], f[6]);
        }
    }

    /** events/s, then p50, p90, p99, p99.9 and max of a group's write in ms, then the size the WAL file grew to, in MB. */
    private static double[] measure(int perGroup, int groups, long every, int rate) throws Exception {
        Path dir = Files.createTempDirectory("group-tail");
        SplittableRandom random = new SplittableRandom(11);
        long at = 1_790_000_000_000L;
        double[] millis = new double[groups];
        long total;
        long walBytes;
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("events.db"), "", "", "", 4))) {
            EventWriter writer = ScratchFolder.eventWriter(db);
            for (int written = 0; written < BEFORE; written += 2_000) {
                at = write(writer, random, 2_000, at);
            }
            Thread checkpointer = null;
            if (every > 0) {
                checkpointer = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(every);
                            db.withConnection(c -> {
                                try (var s = c.createStatement()) {
                                    s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                                }
                                return null;
                            });
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                checkpointer.start();
            }
            long start = System.nanoTime();
            long spacing = rate > 0 ? 1_000_000_000L * perGroup / rate : 0;
            for (int g = 0; g < groups; g++) {
                long t0 = rate > 0 ? start + g * spacing : System.nanoTime();
                while (System.nanoTime() < t0) {
                    LockSupport.parkNanos(t0 - System.nanoTime());
                }
                at = write(writer, random, perGroup, at);
                millis[g] = (System.nanoTime() - t0) / 1e6;
            }
            total = System.nanoTime() - start;
            if (checkpointer != null) {
                checkpointer.interrupt();
                checkpointer.join();
            }
            writer.close();
            Path wal = dir.resolve("events.db-wal");
            walBytes = Files.exists(wal) ? Files.size(wal) : 0;
        } finally {
            ScratchFolder.delete(dir);
        }
        Arrays.sort(millis);
        return new double[] {(double) groups * perGroup / (total / 1e9), at(millis, 0.5), at(millis, 0.9),
                at(millis, 0.99), at(millis, 0.999), millis[millis.length - 1], walBytes / 1e6};
    }

    private static long write(EventWriter writer, SplittableRandom random, int n, long at) {
        writer.write(ScratchFolder.randomEvents(random, n, USERS, ITEMS, at), at + n * 1_000L);
        return at + n * 1_000L;
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
