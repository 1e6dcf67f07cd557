package dev.brisk.server.ingest;

/** No acknowledgement came in time and the events were withdrawn before the writer took them: nothing was stored. */
public class AckTimeoutException extends RuntimeException {
    private final long timeoutMillis;

    public AckTimeoutException(long timeoutMillis) {
        super("The events were not committed within " + timeoutMillis + " ms and were withdrawn; nothing was stored");
        this.timeoutMillis = timeoutMillis;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }
}
