package dev.brisk.core.catalog;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable view of all known items, replaced whole when items change. */
public final class Catalog {
    private static final Catalog EMPTY = new Catalog(Map.of());

    private final Map<String, Item> byId;
    /**
     * The deactivated items' ids: few next to the catalog, so that the check made for every item
     * of every list (cached ones included) looks in a small set instead of the whole catalog.
     */
    private final Set<String> inactive;

    private Catalog(Map<String, Item> byId) {
        this.byId = byId;
        Set<String> off = new HashSet<>();
        for (Item item : byId.values()) {
            if (!item.active()) {
                off.add(item.itemId());
            }
        }
        this.inactive = Set.copyOf(off);
    }

    public static Catalog empty() {
        return EMPTY;
    }

    public static Catalog of(Collection<Item> items) {
        Map<String, Item> map = new HashMap<>(items.size() * 2);
        for (Item item : items) {
            map.put(item.itemId(), item);
        }
        return new Catalog(Map.copyOf(map));
    }

    public Optional<Item> find(String itemId) {
        return Optional.ofNullable(byId.get(itemId));
    }

    public Item get(String itemId) {
        return byId.get(itemId);
    }

    /** Whether the item exists and has not been deactivated. Unknown items count as active. */
    public boolean isServable(String itemId) {
        return !inactive.contains(itemId);
    }

    public String titleOf(String itemId) {
        Item item = byId.get(itemId);
        return item == null ? itemId : item.title();
    }

    public List<String> genresOf(String itemId) {
        Item item = byId.get(itemId);
        return item == null ? List.of() : item.genres();
    }

    public int size() {
        return byId.size();
    }

    public Collection<Item> items() {
        return byId.values();
    }

    /** A new catalog with these items added or replaced. */
    public Catalog with(Collection<Item> changed) {
        Map<String, Item> map = new HashMap<>(byId);
        for (Item item : changed) {
            map.put(item.itemId(), item);
        }
        return new Catalog(Map.copyOf(map));
    }
}
