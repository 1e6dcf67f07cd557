package dev.brisk.server.recommend;

import dev.brisk.server.store.RecommendationLogStore;
import dev.brisk.server.store.ServedItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes served lists to {@code recommendation_logs} off the request path: requests hand their
 * rows to a bounded queue and one thread inserts them in batches. When the queue is full, rows
 * are dropped and counted rather than slowing recommendations down.
 */
public final class RecommendationLogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecommendationLogWriter.class);
    private static final int BATCH = 2_000;

    private final RecommendationLogStore store;
    private final BlockingQueue<ServedItem> queue;
    private final Counter dropped;
    private final Counter failed;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean warned;

    public RecommendationLogWriter(RecommendationLogStore store, MeterRegistry registry, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = Counter.builder("brisk.reclog.dropped").description("Served rows not logged: queue full")
                .register(registry);
        this.failed = Counter.builder("brisk.reclog.failed").description("Served rows not logged: store failed")
                .register(registry);
        this.thread = new Thread(this::run, "brisk-reclog-writer");
        thread.setDaemon(true);
        thread.start();
    }

    public void log(List<ServedItem> rows) {
        for (ServedItem row : rows) {
            if (!queue.offer(row)) {
                dropped.increment();
            }
        }
    }

    /** Blocks until every row queued so far is stored (or the wait times out). */
    public void flush(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!queue.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        List<ServedItem> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                ServedItem first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
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
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
