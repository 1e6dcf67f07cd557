package dev.brisk.server.ingest;

import dev.brisk.core.event.Event;
import java.util.List;

/** Durably writes one group of events in one transaction. */
@FunctionalInterface
public interface GroupWriter {

    /** The stored form of each event, or null where it was a duplicate; throws when nothing was stored. */
    List<Event> write(List<Event> group, long receivedAt);
}
