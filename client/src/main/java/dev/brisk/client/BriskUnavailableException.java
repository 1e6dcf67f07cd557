package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The service could not serve now (503: overloaded, database or model unavailable; 429: over the
 * key's rate) and the client's retries, if the call allowed them, did not get through. The
 * service guarantees that a refused {@code POST /events} stored nothing.
 */
public class BriskUnavailableException extends BriskException {

    public BriskUnavailableException(int status, String code, String message, JsonNode details, Duration retryAfter,
                                     Throwable cause) {
        super(status, code, message, details, retryAfter, cause);
    }
}
