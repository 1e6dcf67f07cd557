package dev.brisk.core.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recommendable thing: its id, a title, its genres, free properties (strings, numbers and
 * booleans, see {@link Attributes}) and labels (categories its owner gives it).
 */
public record Item(String itemId, String title, List<String> genres, Map<String, Object> properties,
                   long createdAt, boolean active, List<String> labels) {

    public Item {
        Objects.requireNonNull(itemId, "itemId");
        title = title == null ? itemId : title;
        genres = genres == null ? List.of() : List.copyOf(genres);
        properties = Attributes.normalized(properties);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** An item without labels. */
    public Item(String itemId, String title, List<String> genres, Map<String, ?> properties, long createdAt,
                boolean active) {
        this(itemId, title, genres, Attributes.normalized(properties), createdAt, active, List.of());
    }

    public boolean hasGenre(String genre) {
        for (String g : genres) {
            if (g.equalsIgnoreCase(genre)) {
                return true;
            }
        }
        return false;
    }

    public Item deactivated() {
        return new Item(itemId, title, genres, properties, createdAt, false, labels);
    }

    /** This item with the creation time of the item it replaces. */
    public Item withCreatedAt(long created) {
        return new Item(itemId, title, genres, properties, created, active, labels);
    }
}
