package dev.brisk.server.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Where every background thread of the process comes from: named, daemon threads ("brisk-NAME"),
 * and the one scheduler that runs every periodic task (lease renewal, change feed, trainer ticks,
 * Redis probe, metric snapshots). Owned by the composition root, which hands threads to the
 * components it starts and stops the scheduler last. Training threads ({@link #training}) run at
 * the lowest priority.
 */
public final class BackgroundThreads implements AutoCloseable {
    /** Whether a training thread that could not lower its OS priority has said so (once per process). */
    private static final java.util.concurrent.atomic.AtomicBoolean UNNICED_LOGGED = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, factory("scheduler"));

    /** Threads named "brisk-NAME" (numbered after the first), daemon, so that they never hold the process up. */
    public ThreadFactory factory(String name) {
        return named(name, Thread.NORM_PRIORITY);
    }

    /**
     * Threads that train models ("brisk-NAME", daemon), at {@link Thread#MIN_PRIORITY} and, on
     * Linux, in the idle scheduling class and at nice {@value OsPriority#TRAINING_NICE} (see
     * {@link OsPriority}): when serving and training want the same core, serving gets it at once; an
     * idle core is training's.
     */
    public static ThreadFactory training(String name) {
        return named(name, Thread.MIN_PRIORITY);
    }

    private static ThreadFactory named(String name, int priority) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            int k = n.incrementAndGet();
            Runnable runnable = priority == Thread.MIN_PRIORITY ? () -> {
                if (!OsPriority.lowerCurrentThread(OsPriority.TRAINING_NICE) && UNNICED_LOGGED.compareAndSet(false, true)) {
                    LoggerFactory.getLogger(BackgroundThreads.class).info("Training threads keep the process's OS priority"
                            + " (no /proc/thread-self, chrt or renice here): the thread count and the pause between runs"
                            + " are what leave cores to serving");
                }
                task.run();
            } : task;
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
