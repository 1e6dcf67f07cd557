package dev.brisk.client;

import java.util.List;
import java.util.Map;

/** {@code /items}: read, create or replace one, upload many, deactivate. */
public final class ItemsApi {
    private final Transport transport;

    ItemsApi(Transport transport) {
        this.transport = transport;
    }

    /** An item. Throws {@link BriskNotFoundException} for an unknown one. */
    public Item get(String itemId) {
        return transport.send(Call.get(item(itemId)), Item.class);
    }

    /** Creates the item or replaces it as a whole; returns it as stored. */
    public Item put(ItemInput item) {
        return transport.send(Call.put(item(item.itemId()), item), Item.class);
    }

    /** Creates or replaces many items in one request (at most 10,000); returns how many were stored. */
    public int putAll(List<ItemInput> items) {
        // Replacing an item with the same content twice changes nothing: safe to retry.
        return transport.json(Call.post("/items", Map.of("items", items), true)).path("stored").asInt();
    }

    /** Deactivates an item (kept, never recommended); returns it as stored. */
    public Item deactivate(String itemId) {
        return transport.send(Call.delete(item(itemId)), Item.class);
    }

    private static String item(String itemId) {
        return "/items/" + Call.segment(itemId);
    }
}
