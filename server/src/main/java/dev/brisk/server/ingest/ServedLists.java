package dev.brisk.server.ingest;

import dev.brisk.server.store.LoggedList;
import java.util.List;

/**
 * The served lists waiting to be logged, written by the ingest writer's thread before each group of
 * events: the one batching writer serves both tables. A list is queued before its answer leaves, so
 * a click on it, which can only come later, always finds it logged.
 */
public interface ServedLists {
    /** Nothing is ever served (an import). */
    ServedLists NONE = new ServedLists() {
        @Override
        public int drainTo(List<LoggedList> into, int max) {
            return 0;
        }

        @Override
        public void write(List<LoggedList> lists) {
        }
    };

    /** Moves up to {@code max} queued lists into {@code into}; how many. */
    int drainTo(List<LoggedList> into, int max);

    /** Stores these lists (in a transaction of their own); failures are counted, never thrown. */
    void write(List<LoggedList> lists);
}
