package dev.brisk.server.ingest;

/** The ingest queue cannot take these events now; the client should retry after a moment. */
public class QueueFullException extends RuntimeException {
    public QueueFullException(int pending, int capacity) {
        super("The ingest queue is full (" + pending + " of " + capacity + " events waiting); retry shortly");
    }
}
