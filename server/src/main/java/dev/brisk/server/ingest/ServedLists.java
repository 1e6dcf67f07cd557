package dev.brisk.server.ingest;

import dev.brisk.server.store.LoggedList;
import java.util.List;

/**
 * The served lists waiting to be logged, written by the ingest writer's thread before each group of
 * events, and in between when they are {@link #due}: the one batching writer serves both tables. A
 * list is queued before its answer leaves, so a click on it, which can only come later, always finds
 * it logged.
 */
public interface ServedLists {
    /** Lists per transaction, and how many queued make a write due. */
    int LISTS_PER_WRITE = 2_000;
    /** How long a list waits at most, while no event comes, before a write is due. */
    long MAX_WAIT_MILLIS = 250;

    /** Nothing is ever served (an import). */
    ServedLists NONE = new ServedLists() {
        @Override
        public int drainTo(List<LoggedList> into, int max) {
            return 0;
        }

        @Override
        public void write(List<LoggedList> lists) {
        }

        @Override
        public boolean due(long now) {
            return false;
        }

        @Override
        public void flush(long timeoutMillis) {
        }
    };

    /** Moves up to {@code max} queued lists into {@code into}; how many. */
    int drainTo(List<LoggedList> into, int max);

    /** Stores these lists (in a transaction of their own); failures are counted, never thrown. */
    void write(List<LoggedList> lists);

    /**
     * Whether the queued lists should be written now although no event waits: enough of them for a
     * full write, the oldest waiting long enough, or a flush asked for. Events always write them first.
     */
    boolean due(long now);

    /** Blocks until every list queued before the call is stored or given up on (or the wait times out). */
    void flush(long timeoutMillis);
}
