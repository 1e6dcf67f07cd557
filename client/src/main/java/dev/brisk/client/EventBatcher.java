package dev.brisk.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Collects events and sends them in batches from one background thread: as soon as
 * {@code maxEvents} are buffered, or when the oldest buffered event has waited {@code maxDelay}.
 * The buffer is bounded: {@link #add} waits while it holds {@code capacity} events (the service is
 * slower than the application) and throws {@link BriskUnavailableException} when no room appears
 * within {@code addTimeout}. {@link #flush()} sends what is buffered now; {@link #close()} sends the
 * rest and stops. A batch that fails after the client's retries (or has invalid events) is given to
 * the failure handler with the events it held — nothing is dropped silently.
 */
public final class EventBatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventBatcher.class.getName());

    private final EventsApi events;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Buffered> buffer = new ArrayDeque<>();
    /** One batch on the wire at a time, so the service sees a user's events in the order they were added. */
    private final ReentrantLock sending = new ReentrantLock();
    private final Thread sender;
    private final AtomicLong sentEvents = new AtomicLong();
    private final AtomicLong failedEvents = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private boolean closed;

    EventBatcher(EventsApi events, Settings settings) {
        this.events = events;
        this.settings = settings;
        sender = new Thread(this::sendInBackground, "brisk-event-batcher");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * When to send, how many events to hold, how long {@code add} may wait for room, and who hears
     * of failed batches (by default a warning in the {@code System.Logger}).
     */
    public record Settings(int maxEvents, Duration maxDelay, int capacity, Duration addTimeout,
                           Consumer<BatchFailure> onFailure) {
        public Settings {
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(addTimeout, "addTimeout");
            Objects.requireNonNull(onFailure, "onFailure");
            if (maxEvents < 1 || capacity < maxEvents) {
                throw new IllegalArgumentException("need 1 <= maxEvents <= capacity, not " + maxEvents + " and " + capacity);
            }
            if (maxDelay.isNegative() || maxDelay.isZero()) {
                throw new IllegalArgumentException("maxDelay must be positive, not " + maxDelay);
            }
        }

        /** Room for ten batches, {@code add} waiting up to 30 s, failures logged. */
        public static Settings of(int maxEvents, Duration maxDelay) {
            return new Settings(maxEvents, maxDelay, maxEvents * 10, Duration.ofSeconds(30), EventBatcher::log);
        }

        public Settings capacity(int value) {
            return new Settings(maxEvents, maxDelay, value, addTimeout, onFailure);
        }

        public Settings addTimeout(Duration value) {
            return new Settings(maxEvents, maxDelay, capacity, value, onFailure);
        }

        public Settings onFailure(Consumer<BatchFailure> handler) {
            return new Settings(maxEvents, maxDelay, capacity, addTimeout, handler);
        }
    }

    /** A batch that was not (wholly) stored: its events and why. For rejections, see {@link EventsRejectedException}. */
    public record BatchFailure(List<Event> events, BriskException error) {
    }

    /** Buffers an event (its id fixed now); waits while the buffer is full. */
    public void add(Event event) {
        Event identified = event.identified();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("The batcher is closed");
            }
            long waitNanos = settings.addTimeout().toNanos();
            while (buffer.size() >= settings.capacity()) {
                if (closed) {
                    throw new IllegalStateException("The batcher was closed while this event waited for room");
                }
                if (waitNanos <= 0) {
                    throw new BriskUnavailableException(0, "buffer_full", "The batcher's buffer has held "
                            + settings.capacity() + " events for " + settings.addTimeout() + ": the service takes"
                            + " them slower than they come", null, null, null);
                }
                waitNanos = changed.awaitNanos(waitNanos);
            }
            buffer.add(new Buffered(identified, System.nanoTime()));
            if (buffer.size() == 1 || buffer.size() >= settings.maxEvents()) {
                changed.signalAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for room in the batcher", e);
        } finally {
            lock.unlock();
        }
    }

    /** Sends every event buffered now, in batches, and returns when they are answered. */
    public void flush() {
        while (sendOneBatch(true)) {
            // until the buffer is empty
        }
    }

    /** Sends what is buffered and stops the background thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** Events stored (or acknowledged as duplicates) so far. */
    public long sentEvents() {
        return sentEvents.get();
    }

    /** Events handed to the failure handler so far. */
    public long failedEvents() {
        return failedEvents.get();
    }

    /** Requests sent so far. */
    public long batches() {
        return batches.get();
    }

    private void sendInBackground() {
        while (awaitDue()) {
            sendOneBatch(false);
        }
    }

    /** Waits until a batch is due (full, or its oldest event old enough); false once closed. */
    private boolean awaitDue() {
        lock.lock();
        try {
            while (!closed) {
                if (buffer.size() >= settings.maxEvents()) {
                    return true;
                }
                if (buffer.isEmpty()) {
                    changed.await();
                    continue;
                }
                long dueIn = buffer.peek().addedNanos() + settings.maxDelay().toNanos() - System.nanoTime();
                if (dueIn <= 0) {
                    return true;
                }
                changed.awaitNanos(dueIn);
            }
            return false;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Takes up to maxEvents from the buffer and sends them; false when there was nothing to send. */
    private boolean sendOneBatch(boolean evenIfNotDue) {
        sending.lock();
        try {
            List<Event> batch = take(evenIfNotDue);
            if (batch.isEmpty()) {
                return false;
            }
            batches.incrementAndGet();
            try {
                IngestResult result = events.send(batch);
                sentEvents.addAndGet(result.accepted() + result.duplicates());
            } catch (EventsRejectedException e) {
                sentEvents.addAndGet(e.result().accepted() + e.result().duplicates());
                fail(e.rejections().stream().map(r -> batch.get(r.index())).toList(), e);
            } catch (BriskException e) {
                fail(batch, e);
            } catch (RuntimeException e) {
                // Keeps the sender thread alive: an unexpected failure is a failed batch like any other.
                fail(batch, new BriskException(0, "client_error", "The batch could not be sent: " + e, null, null, e));
            }
            return true;
        } finally {
            sending.unlock();
        }
    }

    private List<Event> take(boolean evenIfNotDue) {
        lock.lock();
        try {
            boolean due = buffer.size() >= settings.maxEvents() || (!buffer.isEmpty()
                    && System.nanoTime() - buffer.peek().addedNanos() >= settings.maxDelay().toNanos());
            if (buffer.isEmpty() || !(due || evenIfNotDue || closed)) {
                return List.of();
            }
            List<Event> batch = new ArrayList<>(Math.min(buffer.size(), settings.maxEvents()));
            while (batch.size() < settings.maxEvents() && !buffer.isEmpty()) {
                batch.add(buffer.poll().event());
            }
            changed.signalAll();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** An event waiting in the buffer, and since when. */
    private record Buffered(Event event, long addedNanos) {
    }

    private void fail(List<Event> failed, BriskException error) {
        failedEvents.addAndGet(failed.size());
        try {
            settings.onFailure().accept(new BatchFailure(failed, error));
        } catch (RuntimeException handlerFailure) {
            LOG.log(System.Logger.Level.ERROR, "The batcher's failure handler failed", handlerFailure);
        }
    }

    private static void log(BatchFailure failure) {
        LOG.log(System.Logger.Level.WARNING, failure.events().size() + " event(s) were not stored: "
                + failure.error().getMessage());
    }
}
