package dev.brisk.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.event.Ids;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Every string of a request body — values and field names, at any depth — must be storable as it
 * is: no NUL (PostgreSQL refuses it) and no lone UTF-16 surrogate (stored as '?', it would merge
 * different ids). Found before anything is stored, so both databases answer the same 400.
 */
public final class JsonTexts {
    private JsonTexts() {
    }

    /** Where the first bad string is (a JSON pointer) and what is wrong; empty when all are fine. */
    public static Optional<String> problem(JsonNode node) {
        return find(node, "");
    }

    /** Throws a 400 naming the first bad string. */
    static JsonNode check(JsonNode node) {
        problem(node).ifPresent(p -> {
            throw new ApiException(400, "invalid_text", "The body holds text that cannot be stored: " + p,
                    Map.of("problem", p));
        });
        return node;
    }

    private static Optional<String> find(JsonNode node, String at) {
        if (node.isTextual()) {
            return Ids.isValidUnicode(node.textValue()) ? Optional.empty() : Optional.of(where(at) + MESSAGE);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> p = find(node.get(i), at + "/" + i);
                if (p.isPresent()) {
                    return p;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!Ids.isValidUnicode(field.getKey())) {
                    return Optional.of("a field name in " + where(at) + MESSAGE);
                }
                Optional<String> p = find(field.getValue(), at + "/" + field.getKey());
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    private static final String MESSAGE = " holds NUL or a lone UTF-16 surrogate; send valid Unicode text";

    private static String where(String at) {
        return at.isEmpty() ? "the body" : at;
    }
}
