package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;

/** No valid API key (401), or a key whose role does not allow the call (403). */
public class BriskAuthException extends BriskException {

    public BriskAuthException(int status, String code, String message, JsonNode details) {
        super(status, code, message, details, null, null);
    }
}
