package dev.brisk.core.model;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent pieces of a training step on a fixed number of threads: the calling thread and
 * the threads of a pool that lives as long as this object, made by the thread factory its owner
 * gives (so the owner decides their names and priority, and no call starts a thread of its own).
 * Each index is handled exactly once and independently, so the result does not depend on the
 * number of threads.
 * <p>Before each index every thread calls the owner's {@code pace}, which may hold it for a while
 * (the server's training pauses there while other work waits for a core; one index can be a long
 * piece of work); it never changes the result.
 */
public final class Workers implements AutoCloseable {
    private static final int CHUNK = 64;
    private static final Runnable NO_PACE = () -> { };
    private static final Workers SINGLE = new Workers(1, null, NO_PACE);

    private final int threads;
    /** The pool's threads help the caller; null when the caller works alone. */
    private final ExecutorService helpers;
    /** Called by each thread before each index. */
    private final Runnable pace;

    private Workers(int threads, ExecutorService helpers, Runnable pace) {
        this.threads = threads;
        this.helpers = helpers;
        this.pace = pace;
    }

    /** The calling thread alone: no pool, nothing to close. */
    public static Workers single() {
        return SINGLE;
    }

    /**
     * {@code threads} threads in all: the caller of {@link #forEach} and up to {@code threads - 1}
     * pool threads from {@code factory}, each started on first need and kept until {@link #close()}.
     */
    public static Workers start(int threads, ThreadFactory factory) {
        return start(threads, factory, NO_PACE);
    }

    /**
     * As {@link #start(int, ThreadFactory)}, each thread calling {@code pace} before each index it
     * handles; {@code pace} must be cheap when it does not hold the thread.
     */
    public static Workers start(int threads, ThreadFactory factory, Runnable pace) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (threads == 1) {
            return pace == NO_PACE ? SINGLE : new Workers(1, null, pace);
        }
        return new Workers(threads, Executors.newFixedThreadPool(threads - 1, factory), pace);
    }

    public int threads() {
        return threads;
    }

    /** Where tasks run on the pool's threads; on the calling thread when there is no pool. */
    public Executor executor() {
        return helpers != null ? helpers : Runnable::run;
    }

    /** Calls {@code body} for every index in [0, n), spread over the threads in chunks; returns when all are done. */
    public void forEach(int n, IntConsumer body) {
        forEach(n, CHUNK, body);
    }

    /**
     * As {@link #forEach(int, IntConsumer)}, with indexes handed out {@code chunk} at a time. The
     * first failure of any thread is thrown here, once every thread has left the body; the indexes
     * not handed out by then are skipped.
     */
    public void forEach(int n, int chunk, IntConsumer body) {
        if (helpers == null || n <= chunk) {
            for (int i = 0; i < n; i++) {
                pace.run();
                body.accept(i);
            }
            return;
        }
        Step step = new Step(n, chunk, body, pace);
        int wanted = Math.min(threads - 1, (n - 1) / chunk);
        for (int t = 0; t < wanted; t++) {
            try {
                helpers.execute(step::help);
            } catch (RejectedExecutionException closed) {
                break; // closing: the caller does the rest alone
            }
        }
        step.work();
        step.finish();
    }

    /** Stops the pool's threads; a step in progress is finished by its caller. */
    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }

    /**
     * One call of {@code forEach}: the indexes still to hand out, and the helpers inside the body.
     * A helper that starts after the caller finished finds nothing to do and leaves at once, so the
     * caller never waits for a pool thread to become free.
     */
    private static final class Step {
        private final AtomicInteger next = new AtomicInteger();
        private final int n;
        private final int chunk;
        private final IntConsumer body;
        private final Runnable pace;
        private int inside;
        private boolean finished;
        private Throwable failure;

        Step(int n, int chunk, IntConsumer body, Runnable pace) {
            this.n = n;
            this.chunk = chunk;
            this.body = body;
            this.pace = pace;
        }

        void help() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                inside++;
            }
            try {
                work();
            } finally {
                synchronized (this) {
                    inside--;
                    notifyAll();
                }
            }
        }

        void work() {
            try {
                for (int start = next.getAndAdd(chunk); start < n; start = next.getAndAdd(chunk)) {
                    int end = Math.min(n, start + chunk);
                    for (int i = start; i < end; i++) {
                        pace.run();
                        body.accept(i);
                    }
                }
            } catch (Throwable e) {
                synchronized (this) {
                    if (failure == null) {
                        failure = e;
                    }
                }
                next.set(n); // hand out nothing more
            }
        }

        /** Waits for the helpers inside the body (at most the chunk each is on), then throws the first failure. */
        void finish() {
            boolean interrupted = false;
            synchronized (this) {
                finished = true;
                while (inside > 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("A training worker failed", failure);
            }
        }
    }
}
