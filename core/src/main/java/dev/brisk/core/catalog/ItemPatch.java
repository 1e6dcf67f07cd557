package dev.brisk.core.catalog;

import dev.brisk.core.event.Problem;
import dev.brisk.core.event.Validated;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A partial change of an item (merge semantics): only the fields given change. Within
 * {@code properties} each name given is set, and a name set to null is removed; any other field
 * set to null goes back to its default (title: the id; genres, labels: none; active: true). The
 * creation time is the item's own and cannot be patched.
 */
public final class ItemPatch {
    private final ItemValidator validator = new ItemValidator();

    /** The item with the patch applied, or every problem of the patch (or of the item it would make). */
    public Validated<Item> apply(Item current, Map<String, ?> patch) {
        if (patch.containsKey("created_at")) {
            return Validated.failed(List.of(new Problem("created_at", "is set when the item is created and cannot change")));
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("item_id", current.itemId());
        merged.put("title", current.title());
        merged.put("genres", current.genres());
        merged.put("labels", current.labels());
        merged.put("active", current.active());
        Object properties = current.properties();
        for (Map.Entry<String, ?> field : patch.entrySet()) {
            if (field.getKey().equals("properties") && field.getValue() instanceof Map<?, ?> changes) {
                properties = mergedProperties(current.properties(), changes);
            } else if (field.getKey().equals("properties")) {
                properties = field.getValue();
            } else if (field.getValue() == null) {
                merged.remove(field.getKey());
            } else {
                merged.put(field.getKey(), field.getValue());
            }
        }
        merged.put("properties", properties);
        return validator.validate(merged, current.itemId(), current.createdAt());
    }

    private static Map<Object, Object> mergedProperties(Map<String, Object> current, Map<?, ?> changes) {
        Map<Object, Object> out = new LinkedHashMap<>(current);
        changes.forEach((name, value) -> {
            if (value == null) {
                out.remove(name);
            } else {
                out.put(name, value);
            }
        });
        return out;
    }
}
