package dev.brisk.server.ingest.kafka;

import dev.brisk.core.event.Event;
import dev.brisk.server.ingest.EventIntake;
import dev.brisk.server.ingest.IngestResult;
import dev.brisk.server.ingest.NotStoredInTimeException;
import dev.brisk.server.store.EventLog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /events} with the Kafka event log: an answer means the events are durably in the
 * log (every instance's consumer then stores them, each once). Whether an event repeats one already
 * stored is decided when it is stored, so every event counts as accepted here. {@code wait=stored}
 * then looks in the database until each event is there, whichever instance stored it.
 */
public final class KafkaIntake implements EventIntake {
    private static final long FIRST_LOOK_MILLIS = 5;
    private static final long LOOK_AT_MOST_EVERY_MILLIS = 100;

    private final KafkaEventLog log;
    private final EventLog stored;
    private final long waitMillis;

    public KafkaIntake(KafkaEventLog log, EventLog stored, long waitMillis) {
        this.log = log;
        this.stored = stored;
        this.waitMillis = waitMillis;
    }

    @Override
    public IngestResult accept(List<Event> events, boolean waitStored) throws InterruptedException {
        List<Event> identified = EventIntake.identified(events);
        List<String> ids = identified.stream().map(Event::eventId).toList();
        log.append(identified);
        if (waitStored) {
            awaitStored(ids);
        }
        return new IngestResult(identified.size(), 0, List.copyOf(new LinkedHashSet<>(ids)), List.of());
    }

    private void awaitStored(List<String> ids) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        Set<String> missing = new LinkedHashSet<>(ids);
        long pause = FIRST_LOOK_MILLIS;
        while (true) {
            Thread.sleep(pause);
            missing.removeAll(stored.storedIds(missing));
            if (missing.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() + pause > deadline) {
                throw new NotStoredInTimeException(waitMillis, new ArrayList<>(missing));
            }
            pause = Math.min(LOOK_AT_MOST_EVERY_MILLIS, pause * 2);
        }
    }
}
