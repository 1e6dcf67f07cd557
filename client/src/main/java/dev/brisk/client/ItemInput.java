package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An item to create or replace as a whole: {@code ItemInput.of("i17", "The Iron Line").genres(List.of("Fantasy"))}.
 * Property values may be text, numbers or booleans; each is kept as its type.
 */
public record ItemInput(String itemId, String title, List<String> genres, List<String> labels,
                        Map<String, Object> properties, Boolean active, Instant createdAt) {

    public ItemInput {
        Objects.requireNonNull(itemId, "itemId");
        genres = genres == null ? null : List.copyOf(genres);
        labels = labels == null ? null : List.copyOf(labels);
        properties = properties == null ? null : Map.copyOf(properties);
    }

    public static ItemInput of(String itemId, String title) {
        return new ItemInput(itemId, title, null, null, null, null, null);
    }

    public ItemInput genres(List<String> value) {
        return new ItemInput(itemId, title, value, labels, properties, active, createdAt);
    }

    /** The owner's labels (categories), e.g. "staff pick". */
    public ItemInput labels(List<String> value) {
        return new ItemInput(itemId, title, genres, value, properties, active, createdAt);
    }

    public ItemInput properties(Map<String, Object> value) {
        return new ItemInput(itemId, title, genres, labels, value, active, createdAt);
    }

    /** Inactive items are kept but never recommended. */
    public ItemInput active(boolean value) {
        return new ItemInput(itemId, title, genres, labels, properties, value, createdAt);
    }

    public ItemInput createdAt(Instant value) {
        return new ItemInput(itemId, title, genres, labels, properties, active, value);
    }
}
