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

    private final Refreshed<Map<String, Long>> counts;

    public Totals(Map<String, LongSupplier> counters) {
        this.counts = new Refreshed<>(() -> {
            Map<String, Long> fresh = new LinkedHashMap<>();
            counters.forEach((name, counter) -> fresh.put(name, counter.getAsLong()));
            return fresh;
        }, MAX_AGE_MILLIS, Map.of());
    }

    public Map<String, Long> current() {
        return counts.get();
    }
}
