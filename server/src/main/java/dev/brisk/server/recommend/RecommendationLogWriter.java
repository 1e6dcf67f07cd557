package dev.brisk.server.recommend;

import dev.brisk.server.store.RecommendationLogStore;
import dev.brisk.server.store.ServedItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes served lists to {@code recommendation_logs} off the request path: requests hand their
 * rows to a bounded queue and one thread inserts them in batches. When the queue is full, rows
 * are dropped and counted rather than slowing recommendations down. It knows which lists are
 * still on their way, so that a click naming one of them can wait for it to be logged
 * ({@link #awaitLogged}).
 */
public final class RecommendationLogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecommendationLogWriter.class);
    private static final int BATCH = 2_000;

    private final RecommendationLogStore store;
    private final BlockingQueue<List<ServedItem>> queue;
    private final java.util.concurrent.atomic.AtomicLong queuedLists = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong doneLists = new java.util.concurrent.atomic.AtomicLong();
    /** The lists queued and not yet stored (or given up on), request id to user; notified as batches finish. */
    private final Map<String, String> onTheirWay = new ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter failed;
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile boolean warned;

    public RecommendationLogWriter(RecommendationLogStore store, MeterRegistry registry, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = Counter.builder("brisk.reclog.dropped").description("Served rows not logged: queue full")
                .register(registry);
        this.failed = Counter.builder("brisk.reclog.failed").description("Served rows not logged: store failed")
                .register(registry);
    }

    /** Starts the writer on a thread of {@code threads}. */
    public void start(java.util.concurrent.ThreadFactory threads) {
        thread = threads.newThread(this::run);
        thread.start();
    }

    /** Queues one served list; its rows are stored together. */
    public void log(List<ServedItem> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String requestId = rows.get(0).requestId();
        queuedLists.incrementAndGet();
        onTheirWay.put(requestId, rows.get(0).userId());
        if (!queue.offer(rows)) {
            onTheirWay.remove(requestId);
            queuedLists.decrementAndGet();
            dropped.increment(rows.size());
        }
    }

    /**
     * Blocks until none of these lists, and no list served to these users, is still queued or being
     * written (each is stored, or was given up on), or until the wait times out.
     */
    public void awaitLogged(Collection<String> requestIds, Collection<String> users, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (onTheirWay) {
            while (onTheirWay.entrySet().stream()
                    .anyMatch(e -> requestIds.contains(e.getKey()) || users.contains(e.getValue()))) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                onTheirWay.wait(left);
            }
        }
    }

    /** Blocks until every list queued before the call is stored or given up on (or the wait times out). */
    public void flush(long timeoutMillis) {
        long target = queuedLists.get();
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

    private void run() {
        List<List<ServedItem>> lists = new ArrayList<>();
        List<ServedItem> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                List<ServedItem> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                lists.add(first);
                queue.drainTo(lists, BATCH / 10);
                lists.forEach(batch::addAll);
                store.insert(batch);
                warned = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failed.increment(batch.size());
                if (!warned) {
                    log.warn("Could not log served lists ({} rows lost): {}", batch.size(), e.toString());
                    warned = true;
                }
            } finally {
                doneLists.addAndGet(lists.size());
                landed(lists);
                lists.clear();
                batch.clear();
            }
        }
    }

    private void landed(List<List<ServedItem>> lists) {
        if (lists.isEmpty()) {
            return;
        }
        synchronized (onTheirWay) {
            lists.forEach(rows -> onTheirWay.remove(rows.get(0).requestId()));
            onTheirWay.notifyAll();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread writer = thread;
        if (writer == null) {
            return;
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
