package dev.brisk.server.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts of stored users, items and events for the live views, re-read from the store at most
 * every few seconds so that a dashboard polling every second costs no full count each time.
 */
public final class Totals {
    private static final long MAX_AGE_MILLIS = 5_000;

    private final Map<String, LongSupplier> counters;
    private volatile Map<String, Long> last = Map.of();
    private volatile long readAt;

    public Totals(Map<String, LongSupplier> counters) {
        this.counters = counters;
    }

    public synchronized Map<String, Long> current() {
        long now = System.currentTimeMillis();
        if (now - readAt > MAX_AGE_MILLIS || last.isEmpty()) {
            Map<String, Long> fresh = new LinkedHashMap<>();
            try {
                counters.forEach((name, counter) -> fresh.put(name, counter.getAsLong()));
                last = fresh;
                readAt = now;
            } catch (RuntimeException e) {
                // The store is down: keep the last figures, /ready tells why.
                readAt = now;
            }
        }
        return last;
    }
}
