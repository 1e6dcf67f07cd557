package dev.brisk.server.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where every background thread of the process comes from: named, daemon threads ("brisk-NAME"),
 * and the one scheduler that runs every periodic task (lease renewal, change feed, trainer ticks,
 * Redis probe, metric snapshots). Owned by the composition root, which hands threads to the
 * components it starts and stops the scheduler last.
 */
public final class BackgroundThreads implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, factory("scheduler"));

    /** Threads named "brisk-NAME" (numbered after the first), daemon, so that they never hold the process up. */
    public ThreadFactory factory(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            int k = n.incrementAndGet();
            Thread t = new Thread(runnable, "brisk-" + name + (k == 1 ? "" : "-" + k));
            t.setDaemon(true);
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
