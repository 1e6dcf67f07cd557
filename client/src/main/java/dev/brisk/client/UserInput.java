package dev.brisk.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user's labels and properties, to create or replace as a whole:
 * {@code UserInput.of("u42").labels(List.of("premium")).properties(Map.of("age", 34))}.
 */
public record UserInput(String userId, List<String> labels, Map<String, Object> properties) {

    public UserInput {
        Objects.requireNonNull(userId, "userId");
        labels = labels == null ? null : List.copyOf(labels);
        properties = properties == null ? null : Map.copyOf(properties);
    }

    public static UserInput of(String userId) {
        return new UserInput(userId, null, null);
    }

    public UserInput labels(List<String> value) {
        return new UserInput(userId, value, properties);
    }

    /** Text, numbers or booleans; each is kept as its type. */
    public UserInput properties(Map<String, Object> value) {
        return new UserInput(userId, labels, value);
    }
}
