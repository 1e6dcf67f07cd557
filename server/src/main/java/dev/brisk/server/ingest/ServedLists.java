package dev.brisk.server.ingest;

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
        public void writeQueued() {
        }

        @Override
        public boolean due(long now) {
            return false;
        }

        @Override
        public void flush(long timeoutMillis) {
        }
    };

    /**
     * Stores every list queued so far, {@link #LISTS_PER_WRITE} to a transaction, then the repeats
     * counted on stored lists; failures are counted, never thrown.
     */
    void writeQueued();

    /**
     * Whether the queued lists should be written now although no event waits: enough of them for a
     * full write, the oldest waiting long enough, or a flush asked for. Events always write them first.
     */
    boolean due(long now);

    /** Blocks until every list and repeat queued before the call is stored or given up on (or the wait times out). */
    void flush(long timeoutMillis);

    /** Forgets what was served to this user, erased: nothing served before counts for what is served next. */
    default void forget(String userId) {
    }
}
