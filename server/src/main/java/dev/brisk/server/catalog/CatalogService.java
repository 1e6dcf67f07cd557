package dev.brisk.server.catalog;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Validated;
import dev.brisk.server.store.ItemStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog in memory, loaded from the store and replaced whole on every change. Changes made
 * through other instances arrive through {@link #refresh()}, which the change feed calls: it reads
 * only the items changed after the catalog version this instance has seen.
 */
public final class CatalogService {
    private final ItemStore store;
    private final AtomicReference<Catalog> current = new AtomicReference<>(Catalog.empty());
    private final Object refreshing = new Object();
    private volatile long seenVersion = -1;

    public CatalogService(ItemStore store) {
        this.store = store;
    }

    public void reload() {
        synchronized (refreshing) {
            // The version first: a change committed during the read is then read again, never missed.
            long version = store.catalogVersion();
            current.set(Catalog.of(store.all()));
            seenVersion = version;
        }
    }

    /** Applies the changes committed (through any instance) since the last look; the number of items read. */
    public int refresh() {
        synchronized (refreshing) {
            long version = store.catalogVersion();
            if (version == seenVersion) {
                return 0;
            }
            List<Item> changed = store.changedSince(seenVersion);
            current.updateAndGet(c -> c.with(changed));
            seenVersion = version;
            return changed.size();
        }
    }

    /** The catalog version this instance has applied. */
    public long version() {
        return seenVersion;
    }

    public Catalog current() {
        return current.get();
    }

    /** Stores the items, then publishes a catalog that includes them. */
    public void upsert(List<Item> items) {
        store.upsert(items);
        publish(c -> c.with(items.stream().map(item -> keepCreatedAt(c, item)).toList()));
    }

    /**
     * Changes one stored item (read and written in one transaction, so concurrent changes through
     * any instance are not lost) and publishes the result. Empty when there is no such item; an
     * invalid result stores nothing.
     */
    public Optional<Validated<Item>> update(String itemId, Function<Item, Validated<Item>> change) {
        Optional<Validated<Item>> result = store.update(itemId, change);
        result.filter(Validated::isValid).ifPresent(v -> publish(c -> c.with(List.of(keepCreatedAt(c, v.value())))));
        return result;
    }

    /** A page of the stored catalog in item id order (see {@link ItemStore#page}). */
    public List<Item> page(String afterId, String query, int limit) {
        return store.page(afterId, query, limit);
    }

    public Optional<Item> find(String itemId) {
        return current.get().find(itemId);
    }

    /** Deactivates an item; false when it does not exist. */
    public boolean deactivate(String itemId) {
        if (!store.deactivate(itemId)) {
            return false;
        }
        publish(c -> c.find(itemId).map(item -> c.with(List.of(item.deactivated()))).orElse(c));
        return true;
    }

    /**
     * Applies a change this instance has just committed. It waits for a running {@link #refresh()}:
     * a refresh that read the item before the commit would otherwise put the old item back after it.
     */
    private void publish(UnaryOperator<Catalog> change) {
        synchronized (refreshing) {
            current.updateAndGet(change);
        }
    }

    private static Item keepCreatedAt(Catalog catalog, Item item) {
        return catalog.find(item.itemId())
                .map(old -> item.withCreatedAt(old.createdAt()))
                .orElse(item);
    }
}
