package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The service refused the request as it was (4xx: invalid input, malformed JSON, a batch over the
 * limit, a conflict...): retrying it unchanged will not help. {@link #problems()} lists what is wrong.
 */
public class BriskValidationException extends BriskException {

    public BriskValidationException(int status, String code, String message, JsonNode details) {
        super(status, code, message, details, null, null);
    }
}
