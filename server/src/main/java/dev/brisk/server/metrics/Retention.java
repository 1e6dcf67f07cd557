package dev.brisk.server.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what grows with traffic bounded: every interval, deletes served-list rows and metric
 * snapshots older than their retention, in batches of 5,000 rows, for at most a few seconds per
 * round so that the database never holds a long delete. Only the instance that trains prunes (one
 * is enough); a retention of 0 days keeps those rows forever.
 */
public final class Retention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 5_000;
    private static final long ROUND_BUDGET_MILLIS = 3_000;
    private static final long DAY = 86_400_000L;

    /** One kind of rows: deletes up to {@code limit} rows older than {@code before}, returns how many. */
    @FunctionalInterface
    public interface Table {
        int deleteOlderThan(long before, int limit);
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Integer> days = new LinkedHashMap<>();
    private final Map<String, Long> deleted = new java.util.concurrent.ConcurrentHashMap<>();
    private final BooleanSupplier prunesHere;
    private final int intervalSeconds;
    private volatile java.util.concurrent.ScheduledFuture<?> task;
    private volatile boolean warned;

    public Retention(BooleanSupplier prunesHere, int intervalSeconds) {
        this.prunesHere = prunesHere;
        this.intervalSeconds = intervalSeconds;
    }

    /** Adds a kind of rows kept {@code retentionDays} days (0: forever). */
    public Retention keep(String name, int retentionDays, Table table) {
        if (retentionDays > 0) {
            tables.put(name, table);
            days.put(name, retentionDays);
            deleted.put(name, 0L);
        }
        return this;
    }

    public void start(ScheduledExecutorService scheduler) {
        if (!tables.isEmpty()) {
            task = scheduler.scheduleWithFixedDelay(this::prune, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        }
    }

    /** One round: each kind in turn, batch after batch, until nothing old is left or the round's time is up. */
    public void prune() {
        if (!prunesHere.getAsBoolean()) {
            return;
        }
        long deadline = System.currentTimeMillis() + ROUND_BUDGET_MILLIS;
        try {
            for (Map.Entry<String, Table> t : tables.entrySet()) {
                long before = System.currentTimeMillis() - days.get(t.getKey()) * DAY;
                int n;
                do {
                    n = t.getValue().deleteOlderThan(before, BATCH);
                    deleted.merge(t.getKey(), (long) n, Long::sum);
                } while (n == BATCH && System.currentTimeMillis() < deadline);
            }
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                log.warn("Pruning old rows failed; it is tried again next round: {}", e.getMessage());
                warned = true;
            }
        }
    }

    /** Rows deleted so far, by kind. */
    public Map<String, Long> deleted() {
        return Map.copyOf(deleted);
    }

    @Override
    public void close() {
        java.util.concurrent.ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
