package dev.brisk.server.store;

/** A storage operation failed: the database is unreachable, or it refused the statement. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
