package dev.brisk.server.ingest;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.metrics.Health;
import dev.brisk.server.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event path: a bounded queue and one writer thread that commits whole groups of
 * submissions in one transaction (group commit). The same thread logs the served lists (before
 * each group), so one batching writer serves every table written in the background. A submission's future completes only after its
 * events are committed and every after-commit step (cache invalidation first) has run; that is
 * the durable acknowledgement.
 * <p>The after-commit steps and the acknowledgements run on a second thread, group after group in
 * commit order, while the writer goes on with the next group: the database is not left idle while
 * the cache is invalidated. Each group has a number ({@code commitNumbers}, taken before it is
 * written), which its after-commit steps are given, since by then the next group may be written too.
 */
public final class IngestPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    /** How long the writer waits for events before it looks at the served lists again. */
    private static final long IDLE_POLL_MILLIS = 20;
    /**
     * Committed groups waiting for their after-commit steps at most; the writer waits beyond that
     * (one group's steps overlap the next group's write, and a slow cache cannot let them pile up).
     */
    private static final int ACKNOWLEDGEMENTS_IN_FLIGHT = 2;

    private final GroupWriter writer;
    private final ServedLists servedLists;
    private final BriskMetrics metrics;
    private final LongSupplier commitNumbers;
    private final List<AfterCommit> afterCommit;
    private final ArrayBlockingQueue<Acknowledgement> acknowledgements = new ArrayBlockingQueue<>(ACKNOWLEDGEMENTS_IN_FLIGHT);
    private volatile Thread acknowledger;
    private final int capacity;
    private final int commitEvents;
    private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile String lastError;

    /** A step run after each commit, before acknowledging, in commit order. */
    @FunctionalInterface
    public interface AfterCommit {
        /**
         * @param commit the group's number from {@code commitNumbers}
         * @param stored only the newly stored events of the group (duplicates left out)
         * @param rowIds the row id each of {@code stored} was stored under, in the same order (0 where
         *               the writer does not know it)
         */
        void accept(long commit, List<Event> stored, long[] rowIds);
    }

    /**
     * @param commitNumbers gives each group its number, just before it is written
     * @param afterCommit   steps run on the stored events after each commit, before acknowledging
     */
    public IngestPipeline(GroupWriter writer, ServedLists servedLists, BriskMetrics metrics, LongSupplier commitNumbers,
                          List<AfterCommit> afterCommit, int capacity, int commitEvents) {
        this.writer = writer;
        this.servedLists = servedLists;
        this.metrics = metrics;
        this.commitNumbers = commitNumbers;
        this.afterCommit = List.copyOf(afterCommit);
        this.capacity = capacity;
        this.commitEvents = commitEvents;
    }

    /** A pipeline whose after-commit steps need no group number (each receives the newly stored events). */
    public IngestPipeline(GroupWriter writer, ServedLists servedLists, BriskMetrics metrics,
                          List<Consumer<List<Event>>> afterCommit, int capacity, int commitEvents) {
        this(writer, servedLists, metrics, new AtomicLong()::incrementAndGet,
                afterCommit.stream().<AfterCommit>map(step -> (commit, stored, rowIds) -> step.accept(stored)).toList(),
                capacity, commitEvents);
    }

    /** Starts the writer and the thread that acknowledges its commits, on threads of {@code threads}. */
    public void start(java.util.concurrent.ThreadFactory threads) {
        acknowledger = threads.newThread(this::acknowledge);
        acknowledger.start();
        thread = threads.newThread(this::run);
        thread.start();
    }

    /**
     * Queues validated events; the future completes once they are durable. Events without an id
     * get one here. Throws {@link QueueFullException} when the queue cannot take them now.
     */
    public CompletableFuture<IngestResult> submit(List<Event> events) {
        return enqueue(events).done;
    }

    /**
     * Queues validated events and waits for their acknowledgement. When none comes within
     * {@code ackTimeoutMillis} and the writer has not taken the events yet, they are withdrawn
     * and {@link AckTimeoutException} says that nothing of them was stored; when the writer has
     * them already, this waits for the commit and answers with what really happened.
     * Throws {@link QueueFullException} when the queue cannot take them now, and the writer's
     * exception when the commit failed (then nothing of them was stored).
     */
    public IngestResult store(List<Event> events, long ackTimeoutMillis) throws InterruptedException {
        Submission submission = enqueue(events);
        try {
            try {
                return submission.done.get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (submission.withdraw()) {
                    pending.addAndGet(-submission.events.size());
                    throw new AckTimeoutException(ackTimeoutMillis);
                }
                return submission.done.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException store) {
                throw store;
            }
            throw new StoreException("The events could not be committed: " + cause.getMessage(), cause);
        }
    }

    private Submission enqueue(List<Event> events) {
        if (!running) {
            throw new IllegalStateException("The ingest pipeline is stopped");
        }
        int size = events.size();
        int now = pending.addAndGet(size);
        if (now > capacity && now != size) {
            pending.addAndGet(-size);
            throw new QueueFullException(now - size, capacity);
        }
        Submission submission = new Submission(EventIntake.identified(events), new CompletableFuture<>(), new AtomicInteger(QUEUED));
        queue.add(submission);
        return submission;
    }

    public int queued() {
        return pending.get();
    }

    public int capacity() {
        return capacity;
    }

    public Health health() {
        int waiting = pending.get();
        Thread writer = thread;
        Thread acks = acknowledger;
        boolean alive = writer != null && writer.isAlive() && acks != null && acks.isAlive();
        Map<String, Object> details = Map.of("queued_events", waiting, "capacity", capacity, "writer_alive", alive);
        if (!alive) {
            return new Health("ingest", Health.DOWN, "the writer thread has stopped", details);
        }
        if (lastError != null) {
            return new Health("ingest", Health.DEGRADED, "last commit failed: " + lastError, details);
        }
        if (waiting > capacity * 0.8) {
            return new Health("ingest", Health.DEGRADED, "queue above 80% of capacity", details);
        }
        return Health.up("ingest", details);
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            List<Submission> group = new ArrayList<>();
            try {
                Submission first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                // Served lists first: every list whose answer left before these events were sent is
                // stored before them, so their clicks find it. Without events they wait until they fill
                // a write or the oldest has waited a while: fewer, larger transactions, in which a user's
                // lists served close together share the pages of the log's index by user.
                if (first != null || servedLists.due(System.currentTimeMillis())) {
                    servedLists.writeQueued();
                }
                writer.idle();
                if (first == null || !first.take()) {
                    continue;
                }
                group.add(first);
                int events = first.events.size();
                Submission next;
                while (events < commitEvents && (next = queue.peek()) != null
                        && events + next.events.size() <= commitEvents) {
                    queue.poll();
                    if (next.take()) {
                        group.add(next);
                        events += next.events.size();
                    }
                }
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(group, e);
                finish();
                return;
            } catch (RuntimeException e) {
                fail(group, e);
            }
        }
        servedLists.writeQueued();
        finish();
    }

    /** The writer's last act: the acknowledger stops once it has acknowledged every commit before this. */
    private void finish() {
        handOff(Acknowledgement.END);
    }

    /**
     * Gives a committed group to the acknowledger, waiting while {@link #ACKNOWLEDGEMENTS_IN_FLIGHT} are
     * queued. An interrupt does not stop it (the group's events are stored, and its answers must come
     * in commit order); it is kept for the caller.
     */
    private void handOff(Acknowledgement a) {
        boolean interrupted = false;
        while (true) {
            try {
                acknowledgements.put(a);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The acknowledger's loop: each committed group's after-commit steps, then its answers, in commit
     * order, until the writer's last act ({@link #finish}); every group committed before it is answered.
     */
    private void acknowledge() {
        while (true) {
            Acknowledgement a;
            try {
                a = acknowledgements.take();
            } catch (InterruptedException e) {
                continue; // committed groups are answered whatever happens; the writer ends this loop
            }
            if (a == Acknowledgement.END) {
                return;
            }
            try {
                acknowledge(a);
            } catch (RuntimeException e) {
                // Not an after-commit step (those are caught one by one): the answers themselves failed.
                // The requests not answered yet hear of it, and the next groups are still answered.
                log.warn("Answering a committed group failed: {}", e.toString());
                for (Submission s : a.group()) {
                    if (s.done.completeExceptionally(e)) {
                        pending.addAndGet(-s.events.size());
                    }
                }
            }
        }
    }

    private void commit(List<Submission> group) {
        List<Event> all = new ArrayList<>();
        for (Submission s : group) {
            all.addAll(s.events);
        }
        long started = System.nanoTime();
        long receivedAt = System.currentTimeMillis();
        long number = commitNumbers.getAsLong();
        GroupWriter.Outcome outcome = writer.writeGroup(all, receivedAt);
        metrics.commitTook(System.nanoTime() - started);
        if (lastError != null) {
            log.info("Ingest commits succeed again");
            lastError = null;
        }
        handOff(new Acknowledgement(number, group, all.size(), outcome, receivedAt));
    }

    /** A committed group, waiting for its after-commit steps and answers. */
    private record Acknowledgement(long number, List<Submission> group, int events, GroupWriter.Outcome outcome,
                                   long receivedAt) {
        static final Acknowledgement END = new Acknowledgement(-1, List.of(), 0, null, 0);
    }

    private void acknowledge(Acknowledgement a) {
        List<Submission> group = a.group();
        GroupWriter.Outcome outcome = a.outcome();
        List<Event> stored = outcome.stored();
        List<Event> fresh = new ArrayList<>();
        long[] freshIds = new long[stored.size()];
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i) != null) {
                freshIds[fresh.size()] = outcome.rowIds()[i];
                fresh.add(stored.get(i));
            }
        }
        long[] rowIds = fresh.size() == freshIds.length ? freshIds : java.util.Arrays.copyOf(freshIds, fresh.size());
        for (AfterCommit step : afterCommit) {
            try {
                step.accept(a.number(), fresh, rowIds);
            } catch (RuntimeException e) {
                // The events are durable; a failed side step must not turn into a lost acknowledgement.
                log.warn("After-commit step failed: {}", e.toString());
            }
        }
        countAccepted(fresh, a.events() - fresh.size(), a.receivedAt());
        int offset = 0;
        for (Submission s : group) {
            int accepted = 0;
            Set<String> ids = new LinkedHashSet<>();
            List<Integer> conflicts = new ArrayList<>();
            for (int i = 0; i < s.events.size(); i++) {
                ids.add(s.events.get(i).eventId());
                if (stored.get(offset + i) != null) {
                    accepted++;
                } else if (outcome.conflicts().contains(offset + i)) {
                    conflicts.add(i);
                }
            }
            offset += s.events.size();
            pending.addAndGet(-s.events.size());
            s.done.complete(new IngestResult(accepted, s.events.size() - accepted, List.copyOf(ids), conflicts));
        }
    }

    private void countAccepted(List<Event> fresh, int duplicates, long now) {
        Map<EventType, Long> byType = new HashMap<>();
        for (Event e : fresh) {
            byType.merge(e.type(), 1L, Long::sum);
        }
        byType.forEach((type, n) -> metrics.eventsAccepted(type, n, now));
        if (duplicates > 0) {
            metrics.eventsDuplicated(duplicates);
        }
    }

    private void fail(List<Submission> group, Exception cause) {
        if (!group.isEmpty()) {
            if (lastError == null) {
                log.warn("Ingest commit failed, nothing of it was stored: {}", cause.toString());
            }
            lastError = cause.getMessage();
        }
        for (Submission s : group) {
            pending.addAndGet(-s.events.size());
            s.done.completeExceptionally(cause);
        }
    }

    /** Stops taking events, commits and acknowledges what is queued, then stops the writer and the acknowledger. */
    @Override
    public void close() {
        running = false;
        Thread writer = thread;
        if (writer == null) {
            return;
        }
        try {
            writer.join(30_000);
            Thread acks = acknowledger;
            if (acks != null) {
                acks.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int WITHDRAWN = 2;

    /**
     * One request's events. Its state is claimed once, atomically: by the writer (taken: they will
     * be committed or fail together with their group) or by the waiting request (withdrawn: they
     * will never be written).
     */
    private record Submission(List<Event> events, CompletableFuture<IngestResult> done, AtomicInteger state) {
        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        boolean withdraw() {
            return state.compareAndSet(QUEUED, WITHDRAWN);
        }
    }
}
