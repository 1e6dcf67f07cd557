package dev.brisk.client;

import java.io.IOException;

/**
 * No answer: the connection failed or the request timed out (status 0, code {@code io_error}).
 * For a call that changes state this means its outcome is unknown; events are safe to send again
 * (their ids make a repeat a duplicate).
 */
public class BriskConnectionException extends BriskUnavailableException {

    public BriskConnectionException(String message, IOException cause) {
        super(0, "io_error", message, null, null, cause);
    }
}
