package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /items}: list and search, read, create or replace one, change some fields, upload many, deactivate. */
public final class ItemsApi {
    private final Transport transport;

    ItemsApi(Transport transport) {
        this.transport = transport;
    }

    /**
     * One page of the catalog: at most {@code limit} items (null: the service's default) after
     * {@code cursor} (null for the first page, else the previous page's {@code nextCursor}), in item
     * id order; when {@code query} is not null, only the items whose id starts with it or whose title
     * contains it (ignoring case).
     */
    public ItemPage list(Integer limit, String cursor, String query) {
        Call.Path path = new Call.Path("/items").param("limit", limit).param("cursor", cursor).param("q", query);
        JsonNode answer = transport.json(Call.get(path.toString()));
        List<Item> items = new ArrayList<>();
        answer.path("items").forEach(item -> items.add(Json.read(item, Item.class)));
        JsonNode next = answer.path("next_cursor");
        return new ItemPage(items, next.isTextual() ? next.asText() : null);
    }

    /** Every item (that {@code query} finds, when not null), fetched page by page as the iteration goes. */
    public Iterable<Item> all(String query, int pageSize) {
        return Pages.of(() -> list(pageSize, null, query), ItemPage::items,
                page -> page.hasMore() ? list(pageSize, page.nextCursor(), query) : null);
    }

    /** An item. Throws {@link BriskNotFoundException} for an unknown one. */
    public Item get(String itemId) {
        return transport.send(Call.get(item(itemId)), Item.class);
    }

    /** Creates the item or replaces it as a whole; returns it as stored. */
    public Item put(ItemInput item) {
        return transport.send(Call.put(item(item.itemId()), item), Item.class);
    }

    /**
     * Changes only the fields the patch gives; returns the item as changed. Throws
     * {@link BriskNotFoundException} for an unknown item.
     */
    public Item patch(String itemId, ItemPatch patch) {
        // The same change applied twice leaves the same item: safe to retry.
        return transport.send(Call.patch(item(itemId), patch.body()), Item.class);
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

    /**
     * An item's latest events, newest first (at most {@code limit}; null: 100), in the replaced
     * system's shape: the only call that reads events by item.
     */
    public ItemActivity activity(String itemId, Integer limit) {
        return transport.send(Call.get(new Call.Path(item(itemId) + "/activity").param("limit", limit).toString()),
                ItemActivity.class);
    }

    private static String item(String itemId) {
        return "/items/" + Call.segment(itemId);
    }
}
