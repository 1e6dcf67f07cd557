package dev.brisk.core.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A recommendable thing: its id, a title, its genres or categories and free properties. */
public record Item(String itemId, String title, List<String> genres, Map<String, String> properties,
                   long createdAt, boolean active) {

    public Item {
        Objects.requireNonNull(itemId, "itemId");
        title = title == null ? itemId : title;
        genres = genres == null ? List.of() : List.copyOf(genres);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
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
        return new Item(itemId, title, genres, properties, createdAt, false);
    }
}
