package dev.brisk.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent pieces of a training step on a fixed number of threads. Each index is handled
 * exactly once and independently, so the result does not depend on the number of threads.
 */
public final class Workers {
    private static final int CHUNK = 64;

    private final int threads;

    public Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    /** Calls {@code body} for every index in [0, n), spread over the threads in chunks; returns when all are done. */
    public void forEach(int n, IntConsumer body) {
        forEach(n, CHUNK, body);
    }

    /** As {@link #forEach(int, IntConsumer)}, with indexes handed out {@code chunk} at a time. */
    public void forEach(int n, int chunk, IntConsumer body) {
        if (threads == 1 || n <= chunk) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int start = next.getAndAdd(chunk); start < n; start = next.getAndAdd(chunk)) {
                int end = Math.min(n, start + chunk);
                for (int i = start; i < end; i++) {
                    body.accept(i);
                }
            }
        };
        List<Thread> started = new ArrayList<>(threads - 1);
        Throwable[] failure = new Throwable[1];
        for (int t = 1; t < threads; t++) {
            Thread thread = new Thread(work, "brisk-train-worker-" + t);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((th, e) -> {
                synchronized (failure) {
                    failure[0] = e;
                }
            });
            thread.start();
            started.add(thread);
        }
        work.run();
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while training", e);
            }
        }
        synchronized (failure) {
            if (failure[0] instanceof RuntimeException e) {
                throw e;
            }
            if (failure[0] != null) {
                throw new IllegalStateException("A training worker failed", failure[0]);
            }
        }
    }
}
