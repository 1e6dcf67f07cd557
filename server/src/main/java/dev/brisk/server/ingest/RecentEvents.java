package dev.brisk.server.ingest;

import dev.brisk.core.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest events this process acknowledged, kept in memory in a fixed ring for the live event
 * feed. Each event gets a sequence number that only grows, so a reader asks for what came after
 * the last one it saw and learns how many it missed when the ring had moved on.
 */
public final class RecentEvents {
    private final Entry[] ring;
    private long lastSeq;

    public RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new Entry[capacity];
    }

    /** One acknowledged event, with its place in the feed and when it was acknowledged. */
    public record Entry(long seq, Event event, long acknowledgedAt) {
    }

    /** The newest entries after a sequence number, newest first; {@code missed} counts those no longer kept. */
    public record Page(List<Entry> entries, long latestSeq, long missed) {
    }

    public int capacity() {
        return ring.length;
    }

    /** Records newly stored events (an after-commit step). */
    public synchronized void add(List<Event> stored, long acknowledgedAt) {
        for (Event e : stored) {
            lastSeq++;
            ring[(int) (lastSeq % ring.length)] = new Entry(lastSeq, e, acknowledgedAt);
        }
    }

    /**
     * At most {@code limit} of the entries with a sequence number above {@code after}, the newest
     * ones, newest first.
     */
    public synchronized Page after(long after, int limit) {
        long oldestKept = Math.max(1, lastSeq - ring.length + 1);
        long from = Math.max(Math.max(after + 1, oldestKept), lastSeq - limit + 1);
        List<Entry> out = new ArrayList<>((int) Math.max(0, lastSeq - from + 1));
        for (long seq = lastSeq; seq >= from; seq--) {
            Entry entry = ring[(int) (seq % ring.length)];
            if (entry != null) {
                out.add(entry);
            }
        }
        long missed = after > 0 && after + 1 < oldestKept ? oldestKept - after - 1 : 0;
        return new Page(out, lastSeq, missed);
    }

    /** Removes an erased user's events (or one erased event) from the feed; their places stay, empty of them. */
    public synchronized void forget(java.util.function.Predicate<Event> erased) {
        for (int i = 0; i < ring.length; i++) {
            if (ring[i] != null && erased.test(ring[i].event())) {
                ring[i] = null;
            }
        }
    }
}
