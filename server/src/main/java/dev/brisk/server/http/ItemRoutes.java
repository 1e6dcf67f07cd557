package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.catalog.ItemPatch;
import dev.brisk.core.catalog.ItemValidator;
import dev.brisk.core.event.Validated;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.Json;
import io.javalin.http.Context;
import dev.brisk.core.event.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog. {@code PUT /items/{id}} creates or replaces one item ({@code title},
 * {@code genres}, {@code labels}, {@code properties}, {@code active}); {@code PATCH /items/{id}}
 * changes only the fields it gives (see {@link ItemPatch}; 404 for an unknown item);
 * {@code POST /items} stores a JSON array of items (each with {@code item_id}, up to 10,000) all
 * or nothing; {@code GET /items/{id}} reads one; {@code DELETE /items/{id}} deactivates it (it is
 * kept, never recommended again). Property values are strings, numbers or booleans and come back
 * as they were sent.
 * {@code GET /items?limit=50&cursor=&q=} lists the catalog (active items or not) in item id order,
 * a page at a time: {@code limit} 1–500; {@code cursor} is the {@code next_cursor} of the previous
 * page (null on the last one); {@code q} keeps the items whose id starts with it or whose title
 * contains it, ignoring case.
 */
public final class ItemRoutes {
    private static final int MAX_ITEMS = 10_000;

    private final CatalogService catalog;
    private final ItemValidator validator = new ItemValidator();
    private final ItemPatch patcher = new ItemPatch();

    private final Bodies bodies;

    public ItemRoutes(CatalogService catalog, Bodies bodies) {
        this.bodies = bodies;
        this.catalog = catalog;
    }

    public void register(Api api) {
        api.put("/items/{id}", Role.ADMIN, this::put);
        api.patch("/items/{id}", Role.ADMIN, this::patch);
        api.post("/items", Role.ADMIN, this::postMany);
        api.get("/items", Role.READ, this::list);
        api.get("/items/{id}", Role.READ, this::get);
        api.delete("/items/{id}", Role.ADMIN, this::delete);
    }

    private void put(Context ctx) throws Exception {
        Query.of(ctx);
        String id = Query.checkId("item id", ctx.pathParam("id"));
        JsonNode body = jsonBody(ctx, bodies);
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be an item object");
        }
        Validated<Item> v = validator.validate(Json.MAPPER.convertValue(body, Json.MAP_TYPE), id,
                System.currentTimeMillis());
        if (!v.isValid()) {
            throw ApiException.invalid("Invalid item: " + v.summary(), Map.of("problems", v.problems()));
        }
        boolean existed = catalog.find(id).isPresent();
        catalog.upsert(List.of(v.value()));
        ctx.status(existed ? 200 : 201).json(view(catalog.find(id).orElse(v.value())));
    }

    private void patch(Context ctx) throws Exception {
        Query.of(ctx);
        String id = Query.checkId("item id", ctx.pathParam("id"));
        Map<String, Object> changes = objectBody(ctx, bodies, "an object of the item fields to change");
        Validated<Item> v = catalog.update(id, current -> patcher.apply(current, changes))
                .orElseThrow(() -> ApiException.notFound("No item " + id));
        if (!v.isValid()) {
            throw ApiException.invalid("Invalid change: " + v.summary(), Map.of("problems", v.problems()));
        }
        ctx.json(view(catalog.find(id).orElse(v.value())));
    }

    private void postMany(Context ctx) throws Exception {
        Query.of(ctx);
        JsonNode body = jsonBody(ctx, bodies);
        JsonNode array = body.isObject() && body.has("items") ? body.get("items") : body;
        if (!array.isArray() || array.isEmpty()) {
            throw ApiException.badRequest("The body must be a non-empty array of items (or {\"items\": [...]})");
        }
        if (array.size() > MAX_ITEMS) {
            throw new ApiException(413, "batch_too_large", "At most " + MAX_ITEMS + " items per request, got "
                    + array.size(), Map.of());
        }
        long now = System.currentTimeMillis();
        List<Item> items = new ArrayList<>();
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            Validated<Item> v = node.isObject()
                    ? validator.validate(Json.MAPPER.convertValue(node, Json.MAP_TYPE), null, now)
                    : Validated.failed(List.of(new dev.brisk.core.event.Problem(null, "an item must be a JSON object")));
            if (v.isValid()) {
                items.add(v.value());
            } else {
                rejected.add(Map.of("index", i, "reason", v.summary(), "problems", v.problems()));
            }
        }
        if (!rejected.isEmpty()) {
            throw ApiException.invalid(rejected.size() + " of " + array.size() + " items are invalid; none was stored",
                    Map.of("rejected", rejected));
        }
        catalog.upsert(items);
        ctx.json(Map.of("stored", items.size()));
    }

    private void list(Context ctx) {
        Query q = Query.of(ctx, "limit", "cursor", "q");
        int limit = q.integer("limit", 50, 1, 500);
        String after = q.optionalText("cursor", 1024).map(ItemRoutes::itemAfter).orElse(null);
        String query = q.optionalText("q", 128).orElse("");
        List<Item> page = catalog.page(after, query, limit + 1);
        boolean more = page.size() > limit;
        List<Item> shown = more ? page.subList(0, limit) : page;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", shown.stream().map(ItemRoutes::view).toList());
        body.put("next_cursor", more ? cursorAfter(shown.get(limit - 1).itemId()) : null);
        ctx.json(body);
    }

    /** The cursor of the page after an item: its id, opaque to clients (base64url). */
    static String cursorAfter(String itemId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(itemId.getBytes(StandardCharsets.UTF_8));
    }

    private static String itemAfter(String cursor) {
        try {
            byte[] id = Base64.getUrlDecoder().decode(cursor);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(id)).toString();
            if (Ids.problemWithText(text).isEmpty()) {
                return text;
            }
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            // refused below
        }
        throw ApiException.badRequest("Query parameter cursor must be the next_cursor of a previous page, got '"
                + cursor + "'");
    }

    private void get(Context ctx) {
        Query.of(ctx);
        String id = Query.checkId("item id", ctx.pathParam("id"));
        ctx.json(view(catalog.find(id).orElseThrow(() -> ApiException.notFound("No item " + id))));
    }

    private void delete(Context ctx) {
        Query.of(ctx);
        String id = Query.checkId("item id", ctx.pathParam("id"));
        if (!catalog.deactivate(id)) {
            throw ApiException.notFound("No item " + id);
        }
        ctx.json(view(catalog.find(id).orElseThrow()));
    }

    static JsonNode jsonBody(Context ctx, Bodies bodies) throws Exception {
        String mime = Bodies.mime(ctx.contentType());
        if (!mime.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "Send application/json, not "
                    + (mime.isEmpty() ? "a body without Content-Type" : mime), Map.of());
        }
        byte[] bytes = bodies.read(ctx);
        if (bytes.length == 0) {
            throw ApiException.badRequest("The body is empty");
        }
        return JsonTexts.check(Json.MAPPER.readTree(bytes));
    }

    /** A JSON object body as a map (JSON null kept as null); 400 for anything else. */
    static Map<String, Object> objectBody(Context ctx, Bodies bodies, String what) throws Exception {
        JsonNode body = jsonBody(ctx, bodies);
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be " + what);
        }
        return Json.MAPPER.convertValue(body, Json.MAP_TYPE);
    }

    static Map<String, Object> view(Item item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item_id", item.itemId());
        m.put("title", item.title());
        m.put("genres", item.genres());
        m.put("labels", item.labels());
        m.put("properties", item.properties());
        m.put("created_at", Instant.ofEpochMilli(item.createdAt()).toString());
        m.put("active", item.active());
        return m;
    }
}
