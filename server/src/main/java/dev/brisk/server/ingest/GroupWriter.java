package dev.brisk.server.ingest;

import dev.brisk.core.event.Event;
import java.util.List;
import java.util.Set;

/** Durably writes one group of events in one transaction. */
@FunctionalInterface
public interface GroupWriter {

    /** The stored form of each event, or null where it was a duplicate; throws when nothing was stored. */
    List<Event> write(List<Event> group, long receivedAt);

    /**
     * What {@link #write} returns, the positions of the duplicates whose content differs from the
     * stored event of that id (reported to the client; the stored event is kept), and the row id of
     * each stored event by position (0 for a duplicate, or for every event when the writer does not
     * know them).
     */
    record Outcome(List<Event> stored, Set<Integer> conflicts, long[] rowIds) {
        /** An outcome without row ids. */
        public Outcome(List<Event> stored, Set<Integer> conflicts) {
            this(stored, conflicts, new long[stored.size()]);
        }
    }

    /** Called by the writer's thread between groups (at least every few tens of milliseconds): deferred work. */
    default void idle() {
    }

    /** Writes like {@link #write}, also telling conflicting duplicates apart (when the writer can). */
    default Outcome writeGroup(List<Event> group, long receivedAt) {
        return new Outcome(write(group, receivedAt), Set.of());
    }

}
