package dev.brisk.server.recommend;

import dev.brisk.server.ingest.ServedLists;
import dev.brisk.server.store.LoggedList;
import dev.brisk.server.store.RecommendationLogStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of served lists ({@code served_lists}), off the request path: requests hand their
 * lists to a bounded queue, and the ingest writer's thread stores them in batches before each group
 * of events and whenever they are {@link #due} (see {@link ServedLists}). When the queue is full, lists are dropped and counted rather
 * than slowing recommendations down.
 *
 * <p>A list this instance served a user and serves the same user again unchanged (a cache hit, most
 * often) within {@link LoggedList#REPEAT_SPAN_MILLIS} is a repeat: it is counted on the first list,
 * in memory, and the counts are added to its row ({@code repeats}, {@code last_served_at}) by one
 * statement per list and write, whatever the number of repeats. A cache hit then costs the log a
 * counter increment instead of a row in every index of the table.
 */
public final class RecommendationLogWriter implements ServedLists {
    private static final Logger log = LoggerFactory.getLogger(RecommendationLogWriter.class);
    /** How long a repeat's count waits at most, while no event comes, before a write is due. */
    static final long REPEAT_WAIT_MILLIS = 1_000;
    /** Users whose last list is remembered, to count its repeats: a few MB at most. */
    static final int REMEMBERED_USERS = 20_000;
    /** How often lists older than the repeat span are forgotten. */
    private static final long SWEEP_MILLIS = 10_000;

    private final RecommendationLogStore store;
    private final BlockingQueue<Logged> queue;
    /** Per user, the last list logged for them: the one a repeat counts on. */
    private final ConcurrentHashMap<String, Logged> lastByUser = new ConcurrentHashMap<>();
    /** Lists with repeats not written yet, each once. */
    private final ConcurrentLinkedQueue<Logged> repeated = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedLists = new AtomicLong();
    private final AtomicLong doneLists = new AtomicLong();
    private final AtomicLong queuedRepeats = new AtomicLong();
    private final AtomicLong doneRepeats = new AtomicLong();
    /** Lists and repeats a {@link #flush} waits for: written without waiting to fill a write. */
    private final AtomicLong flushListsTo = new AtomicLong();
    private final AtomicLong flushRepeatsTo = new AtomicLong();
    private final Counter dropped;
    private final Counter failed;
    private volatile boolean warned;
    private long swept;

    public RecommendationLogWriter(RecommendationLogStore store, MeterRegistry registry, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = Counter.builder("brisk.reclog.dropped").description("Served lists not logged: queue full")
                .register(registry);
        this.failed = Counter.builder("brisk.reclog.failed").description("Served lists not logged: store failed")
                .register(registry);
    }

    /**
     * Logs one served list and returns the request id to answer it with: its own, or the id of a
     * repeat of the last list this user was served when it is the same list again.
     */
    public String log(LoggedList list) {
        Logged last = lastByUser.get(list.userId());
        if (last != null) {
            String repeat = last.repeat(list);
            if (repeat != null) {
                return repeat;
            }
        }
        Logged logged = new Logged(list);
        queuedLists.incrementAndGet();
        if (!queue.offer(logged)) {
            queuedLists.decrementAndGet();
            dropped.increment();
            return list.requestId();
        }
        if (last != null || lastByUser.size() < REMEMBERED_USERS) {
            lastByUser.put(list.userId(), logged);
        }
        return list.requestId();
    }

    /** Forgets the user's last list: an erased user's next list is logged afresh, never as a repeat. */
    @Override
    public void forget(String userId) {
        Logged last = lastByUser.remove(userId);
        if (last != null) {
            last.end();
        }
    }

    @Override
    public void flush(long timeoutMillis) {
        long lists = queuedLists.get();
        long repeats = queuedRepeats.get();
        flushListsTo.accumulateAndGet(lists, Math::max);
        flushRepeatsTo.accumulateAndGet(repeats, Math::max);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while ((doneLists.get() < lists || doneRepeats.get() < repeats) && System.currentTimeMillis() < deadline) {
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
        if (doneLists.get() < flushListsTo.get() || doneRepeats.get() < flushRepeatsTo.get()
                || queue.size() >= LISTS_PER_WRITE) {
            return true;
        }
        Logged oldest = queue.peek();
        if (oldest != null && now - oldest.list.servedAt() >= MAX_WAIT_MILLIS) {
            return true;
        }
        Logged repeatedFirst = repeated.peek();
        return repeatedFirst != null && now - repeatedFirst.waitingSince >= REPEAT_WAIT_MILLIS;
    }

    @Override
    public void writeQueued() {
        List<Logged> batch = new ArrayList<>();
        long lists = 0;
        while (queue.drainTo(batch, LISTS_PER_WRITE) > 0) {
            insert(batch);
            lists += batch.size();
            batch.clear();
        }
        writeRepeats();
        doneLists.addAndGet(lists);
        long now = System.currentTimeMillis();
        if (now - swept >= SWEEP_MILLIS) {
            swept = now;
            lastByUser.values().removeIf(last -> now - last.list.servedAt() >= LoggedList.REPEAT_SPAN_MILLIS);
        }
    }

    private void insert(List<Logged> batch) {
        List<LoggedList> lists = new ArrayList<>(batch.size());
        for (Logged logged : batch) {
            lists.add(logged.list);
        }
        try {
            store.insert(lists);
            batch.forEach(Logged::stored);
            warned = false;
        } catch (RuntimeException e) {
            batch.forEach(Logged::end);
            failed.increment(lists.size());
            warn(lists.size() + " lists lost", e);
        }
    }

    /** Adds the counted repeats to their lists' rows: those of lists not stored yet wait for the next write. */
    private void writeRepeats() {
        List<Logged> later = new ArrayList<>();
        List<RecommendationLogStore.Repeats> counts = new ArrayList<>();
        List<Logged> counted = new ArrayList<>();
        long taken = 0;
        Logged logged;
        while ((logged = repeated.poll()) != null) {
            synchronized (logged) {
                if (logged.state == Logged.QUEUED) {
                    later.add(logged);
                    continue;
                }
                taken += logged.pending;
                if (logged.state == Logged.STORED) {
                    counts.add(new RecommendationLogStore.Repeats(logged.list.requestId(), logged.pending,
                            logged.lastServedAt));
                    counted.add(logged);
                }
                logged.pending = 0;
                logged.waiting = false;
            }
        }
        repeated.addAll(later);
        if (!counts.isEmpty()) {
            try {
                boolean[] found = store.addRepeats(counts);
                for (int i = 0; i < found.length; i++) {
                    if (!found[i]) {
                        counted.get(i).end(); // erased or pruned meanwhile: its repeats are not logged
                    }
                }
                warned = false;
            } catch (RuntimeException e) {
                warn("the repeats of " + counts.size() + " lists lost", e);
            }
        }
        doneRepeats.addAndGet(taken);
    }

    private void warn(String what, RuntimeException e) {
        if (!warned) {
            log.warn("Could not log served lists ({}): {}", what, e.toString());
            warned = true;
        }
    }

    /** A list handed to the log, with the repeats counted on it and not written yet. */
    private final class Logged {
        static final int QUEUED = 0;
        static final int STORED = 1;
        /** Not stored, erased or pruned: nothing more is counted on it. */
        static final int ENDED = 2;

        final LoggedList list;
        int state = QUEUED;
        int repeats;
        int pending;
        long lastServedAt;
        boolean waiting;
        volatile long waitingSince;

        Logged(LoggedList list) {
            this.list = list;
        }

        /** Counts {@code again} as a repeat of this list and returns its id, or null when it is another list. */
        synchronized String repeat(LoggedList again) {
            if (state == ENDED || !list.isRepeatedBy(again)) {
                return null;
            }
            pending++;
            lastServedAt = Math.max(lastServedAt, again.servedAt());
            queuedRepeats.incrementAndGet();
            if (!waiting) {
                waiting = true;
                waitingSince = again.servedAt();
                repeated.add(this);
            }
            return list.repeatId(++repeats);
        }

        synchronized void stored() {
            if (state == QUEUED) {
                state = STORED;
            }
        }

        synchronized void end() {
            state = ENDED;
        }
    }
}
