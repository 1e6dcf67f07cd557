package dev.brisk.server.ingest;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.TimeOrderedIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code POST /events} hands validated events: straight to the database through the ingest
 * pipeline (the default), or to the Kafka event log, from which every instance's consumer stores them.
 */
public interface EventIntake {

    /**
     * Takes the events and answers once they are acknowledged: durably stored, or durably appended
     * to the log. With {@code waitStored}, an appended event is also waited for until it is stored
     * (read-your-writes). Events without an id get one first.
     *
     * @throws AckTimeoutException when nothing of the events was kept in time
     * @throws EventLogUnavailableException when the log did not acknowledge the events
     * @throws NotStoredInTimeException when acknowledged events were not stored within the wait
     */
    IngestResult accept(List<Event> events, boolean waitStored) throws InterruptedException;

    /** The events, each with an id: its own, or a new random one (the key that makes retries and redeliveries idempotent). */
    static List<Event> identified(List<Event> events) {
        List<Event> identified = new ArrayList<>(events.size());
        for (Event e : events) {
            identified.add(e.eventId() != null ? e : e.withEventId(TimeOrderedIds.next()));
        }
        return identified;
    }

    /** The default: the pipeline commits to the database before it acknowledges, so every answer is already stored. */
    static EventIntake direct(IngestPipeline pipeline, long ackTimeoutMillis) {
        return (events, waitStored) -> pipeline.store(events, ackTimeoutMillis);
    }
}
