package dev.brisk.server.ingest;

import java.util.List;

/**
 * Events were acknowledged by the event log but not all stored in the database within the wait a
 * caller asked for ({@code wait=stored}). They will be stored; the caller's read may not see them yet.
 */
public class NotStoredInTimeException extends RuntimeException {
    private final long timeoutMillis;
    private final List<String> missing;

    public NotStoredInTimeException(long timeoutMillis, List<String> missing) {
        super(missing.size() + " acknowledged events were not stored within " + timeoutMillis + " ms");
        this.timeoutMillis = timeoutMillis;
        this.missing = List.copyOf(missing);
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    public List<String> missing() {
        return missing;
    }
}
