package dev.brisk.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change to some fields of an item ({@code PATCH /items/{id}}): only the fields given change.
 * {@code ItemPatch.create().labels(List.of("sale")).property("price", 2.49).removeProperty("colour")}.
 * Within properties, a removed name is sent as null; the other properties stay as they are.
 */
public final class ItemPatch {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    private ItemPatch() {
    }

    public static ItemPatch create() {
        return new ItemPatch();
    }

    /** A new title; null puts back the default (the item id). */
    public ItemPatch title(String value) {
        fields.put("title", value);
        return this;
    }

    /** The genres, replaced as a whole; null removes them all. */
    public ItemPatch genres(List<String> value) {
        fields.put("genres", value == null ? null : List.copyOf(value));
        return this;
    }

    /** The labels, replaced as a whole; null removes them all. */
    public ItemPatch labels(List<String> value) {
        fields.put("labels", value == null ? null : List.copyOf(value));
        return this;
    }

    public ItemPatch active(boolean value) {
        fields.put("active", value);
        return this;
    }

    /** Sets one property (text, a number or a boolean); the others are kept. */
    public ItemPatch property(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("Use removeProperty(\"" + name + "\") to remove a property");
        }
        properties.put(name, value);
        return this;
    }

    /** Removes one property; the others are kept. */
    public ItemPatch removeProperty(String name) {
        properties.put(name, null);
        return this;
    }

    /** Removes every property. */
    public ItemPatch clearProperties() {
        properties.clear();
        fields.put("properties", null);
        return this;
    }

    /** The body as sent, nulls included (they mean "remove" or "back to the default"). */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        if (!properties.isEmpty()) {
            body.put("properties", Collections.unmodifiableMap(new LinkedHashMap<>(properties)));
        }
        return body;
    }

    @Override
    public String toString() {
        return "ItemPatch" + body();
    }
}
