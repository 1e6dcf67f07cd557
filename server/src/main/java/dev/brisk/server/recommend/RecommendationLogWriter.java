package dev.brisk.server.recommend;

import dev.brisk.server.store.RecommendationLogStore;
import dev.brisk.server.store.LoggedList;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.brisk.server.ingest.ServedLists;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of served lists ({@code served_lists}), off the request path: requests hand their
 * lists to a bounded queue, and the ingest writer's thread stores them in batches before each group
 * of events and whenever they are {@link #due} (see {@link ServedLists}). When the queue is full, lists are dropped and counted rather
 * than slowing recommendations down.
 */
public final class RecommendationLogWriter implements ServedLists {
    private static final Logger log = LoggerFactory.getLogger(RecommendationLogWriter.class);

    private final RecommendationLogStore store;
    private final BlockingQueue<LoggedList> queue;
    private final AtomicLong queuedLists = new AtomicLong();
    private final AtomicLong doneLists = new AtomicLong();
    /** Lists a {@link #flush} waits for: written without waiting to fill a write. */
    private final AtomicLong flushTo = new AtomicLong();
    private final Counter dropped;
    private final Counter failed;
    private volatile boolean warned;

    public RecommendationLogWriter(RecommendationLogStore store, MeterRegistry registry, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = Counter.builder("brisk.reclog.dropped").description("Served lists not logged: queue full")
                .register(registry);
        this.failed = Counter.builder("brisk.reclog.failed").description("Served lists not logged: store failed")
                .register(registry);
    }

    /** Queues one served list. */
    public void log(LoggedList list) {
        queuedLists.incrementAndGet();
        if (!queue.offer(list)) {
            queuedLists.decrementAndGet();
            dropped.increment();
        }
    }

    @Override
    public void flush(long timeoutMillis) {
        long target = queuedLists.get();
        flushTo.accumulateAndGet(target, Math::max);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (doneLists.get() < target && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean due(long now) {
        if (doneLists.get() < flushTo.get() || queue.size() >= LISTS_PER_WRITE) {
            return true;
        }
        LoggedList oldest = queue.peek();
        return oldest != null && now - oldest.servedAt() >= MAX_WAIT_MILLIS;
    }

    @Override
    public int drainTo(List<LoggedList> into, int max) {
        return queue.drainTo(into, max);
    }

    @Override
    public void write(List<LoggedList> lists) {
        if (lists.isEmpty()) {
            return;
        }
        try {
            store.insert(lists);
            warned = false;
        } catch (RuntimeException e) {
            failed.increment(lists.size());
            if (!warned) {
                log.warn("Could not log served lists ({} lists lost): {}", lists.size(), e.toString());
                warned = true;
            }
        } finally {
            doneLists.addAndGet(lists.size());
        }
    }
}
