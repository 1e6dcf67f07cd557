package dev.brisk.server.http;

import java.util.Map;

/** An error answered in the JSON error shape: an HTTP status, a stable code, a message, details. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, Object> details;
    private Integer retryAfterSeconds;

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message, Map.of());
    }

    public static ApiException invalid(String message, Map<String, Object> details) {
        return new ApiException(400, "invalid_input", message, details);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what, Map.of());
    }

    /** Asks the client to retry after this many seconds (sent as Retry-After). */
    public ApiException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
