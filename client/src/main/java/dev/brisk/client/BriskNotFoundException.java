package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;

/** No such user, item, experiment or key (404). */
public class BriskNotFoundException extends BriskException {

    public BriskNotFoundException(String code, String message, JsonNode details) {
        super(404, code, message, details, null, null);
    }
}
