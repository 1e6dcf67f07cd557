package dev.brisk.server.ingest;

import java.util.List;

/**
 * The event log did not acknowledge every event of a request in time. The request is not
 * acknowledged; some of its events may still reach the log, so a retry should carry
 * {@link #eventIds()} (then each is stored once).
 */
public class EventLogUnavailableException extends RuntimeException {
    private final List<String> eventIds;

    public EventLogUnavailableException(String message, List<String> eventIds, Throwable cause) {
        super(message, cause);
        this.eventIds = List.copyOf(eventIds);
    }

    public List<String> eventIds() {
        return eventIds;
    }
}
