package dev.brisk.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP call to the service: method, path with its query, an optional body, and whether it is
 * safe to repeat after an answer that may have come after some effect (503, an I/O error).
 */
record Call(String method, String path, byte[] body, String contentType, boolean repeatable, String accept) {

    Call(String method, String path, byte[] body, String contentType, boolean repeatable) {
        this(method, path, body, contentType, repeatable, "application/json");
    }

    static Call get(String path) {
        return new Call("GET", path, null, null, true);
    }

    /** A GET of a text answer (the service answers some paths differently to a client that asks for JSON). */
    static Call getText(String path) {
        return new Call("GET", path, null, null, true, "text/plain");
    }

    static Call delete(String path) {
        return new Call("DELETE", path, null, null, true);
    }

    static Call put(String path, Object body) {
        return new Call("PUT", path, Json.write(body), "application/json", true);
    }

    /** A PATCH with a JSON body whose nulls are sent (they remove or reset fields). */
    static Call patch(String path, Object body) {
        return new Call("PATCH", path, Json.writeKeepingNulls(body), "application/json", true);
    }

    /** A POST with a JSON body (no body when null); {@code repeatable} says whether sending it twice does no harm. */
    static Call post(String path, Object body, boolean repeatable) {
        return body == null ? new Call("POST", path, null, null, repeatable)
                : new Call("POST", path, Json.write(body), "application/json", repeatable);
    }

    /** A path segment, percent-encoded (ids may hold any character but control characters). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path with query parameters; parameters whose value is null are left out. */
    static final class Path {
        private final StringBuilder path;
        private final List<String> query = new ArrayList<>();

        Path(String path) {
            this.path = new StringBuilder(path);
        }

        Path param(String name, Object value) {
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
            return this;
        }

        @Override
        public String toString() {
            return query.isEmpty() ? path.toString() : path + "?" + String.join("&", query);
        }
    }
}
