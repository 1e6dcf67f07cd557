package dev.brisk.server.metrics;

import java.util.function.Supplier;

/**
 * A figure read from the store at most every few seconds, so that a dashboard polling every second
 * costs no full count each time. When a read fails (the store is down) the last value is kept;
 * {@code /ready} tells why.
 */
public final class Refreshed<T> {
    private final Supplier<T> read;
    private final long maxAgeMillis;
    private T last;
    private long readAt;

    public Refreshed(Supplier<T> read, long maxAgeMillis, T initial) {
        this.read = read;
        this.maxAgeMillis = maxAgeMillis;
        this.last = initial;
    }

    public synchronized T get() {
        long now = System.currentTimeMillis();
        if (now - readAt > maxAgeMillis || readAt == 0) {
            try {
                last = read.get();
            } catch (RuntimeException e) {
                // Keep the last figures.
            }
            readAt = now;
        }
        return last;
    }
}
