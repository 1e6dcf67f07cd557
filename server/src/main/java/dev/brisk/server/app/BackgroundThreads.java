package dev.brisk.server.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where every background thread of the process comes from: named, daemon threads ("brisk-NAME"),
 * and the one scheduler that runs every periodic task (lease renewal, change feed, trainer ticks,
 * Redis probe, metric snapshots). Owned by the composition root, which hands threads to the
 * components it starts and stops the scheduler last. Training threads ({@link #training}) run at
 * the lowest priority.
 */
public final class BackgroundThreads implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, factory("scheduler"));

    /** Threads named "brisk-NAME" (numbered after the first), daemon, so that they never hold the process up. */
    public ThreadFactory factory(String name) {
        return named(name, Thread.NORM_PRIORITY);
    }

    /**
     * Threads that train models ("brisk-NAME", daemon), at {@link Thread#MIN_PRIORITY} so that a
     * scheduler that honours Java priorities runs requests first. On Linux the JVM passes them on
     * to the OS only with {@code -XX:ThreadPriorityPolicy=1}, which needs root: what really keeps a
     * core for serving is the number of training threads and the pause between runs.
     */
    public static ThreadFactory training(String name) {
        return named(name, Thread.MIN_PRIORITY);
    }

    private static ThreadFactory named(String name, int priority) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            int k = n.incrementAndGet();
            Thread t = new Thread(runnable, "brisk-" + name + (k == 1 ? "" : "-" + k));
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
    }

    /** The one scheduler of periodic work; tasks on it must be short (long work gets a thread of its own). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
