package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A call that failed, with the service's JSON error: the HTTP status, the stable {@code code}
 * (invalid_input, unauthorized, overloaded...), the message, and the {@code details} object. The
 * subclasses tell what to do: {@link BriskValidationException} (fix the request),
 * {@link BriskAuthException} (fix the key), {@link BriskNotFoundException},
 * {@link BriskUnavailableException} (retry later; the client already did, as far as it was safe).
 */
public class BriskException extends RuntimeException {
    private final int status;
    private final String code;
    private final JsonNode details;
    private final Duration retryAfter;

    public BriskException(int status, String code, String message, JsonNode details, Duration retryAfter,
                          Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.details = details == null ? JsonNodeFactory.instance.objectNode() : details;
        this.retryAfter = retryAfter;
    }

    /**
     * The exception for an error answer: its status and the {@code error} object of its body (a
     * body that is not the JSON error shape, e.g. from a proxy, becomes its text as the message).
     */
    static BriskException fromAnswer(int status, JsonNode body, String text, Duration retryAfter) {
        JsonNode error = body == null ? null : body.path("error");
        boolean shaped = error != null && error.isObject() && error.path("code").isTextual();
        String code = shaped ? error.path("code").asText() : "http_" + status;
        String message = shaped ? error.path("message").asText()
                : "HTTP " + status + (text == null || text.isBlank() ? "" : ": " + abbreviate(text));
        JsonNode details = shaped ? error.path("details") : null;
        if (status == 401 || status == 403) {
            return new BriskAuthException(status, code, message, details);
        }
        if (status == 404) {
            return new BriskNotFoundException(code, message, details);
        }
        if (status == 429 || status == 503) {
            return new BriskUnavailableException(status, code, message, details, retryAfter, null);
        }
        if (status >= 400 && status < 500) {
            return new BriskValidationException(status, code, message, details);
        }
        return new BriskException(status, code, message, details, retryAfter, null);
    }

    /** The HTTP status; 0 when no answer came (see {@link BriskConnectionException}). */
    public int status() {
        return status;
    }

    /** The service's stable error code, e.g. {@code invalid_input}, {@code overloaded}, {@code unauthorized}. */
    public String code() {
        return code;
    }

    /** The {@code details} object of the error (empty when there are none). */
    public JsonNode details() {
        return details;
    }

    /** How long the service asked to wait before retrying, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The problems of one refused entry ({@code details.problems}); empty when there are none. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        details.path("problems").forEach(p -> out.add(Json.read(p, Problem.class)));
        return out;
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
