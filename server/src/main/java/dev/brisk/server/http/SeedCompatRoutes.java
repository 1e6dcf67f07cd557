package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.core.catalog.Item;
import dev.brisk.server.cache.MeasuredCache;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.recommend.SimilarItemsService;
import dev.brisk.server.store.ActivityStore;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replaced system's calls that Brisk serves under other paths, answered by the same stores and
 * services as Brisk's own routes.
 * <p>{@code POST /cache/invalidate/{id}} — no body; drops the user's cached lists like
 * {@code DELETE /cache/users/{id}}: {@code status: "success"}, {@code message}, {@code dropped}.
 * <p>{@code GET /items/{id}/activity?limit=100} — the item's events newest first (1–1000):
 * {@code item_id}, {@code recent_events}, {@code total_events}; an item without events has none.
 * <p>{@code GET /movies/{id}} — an item as {@code movie_id}, {@code title}, {@code genres} (and
 * Brisk's item fields); 404 when unknown. {@code GET /movies/{id}/similar?n_similar=5} — as
 * {@code GET /items/{id}/similar}: {@code movie_id}, {@code similar_movies} (1–100).
 */
public final class SeedCompatRoutes {
    private final MeasuredCache cache;
    private final ActivityStore events;
    private final CatalogService catalog;
    private final SimilarItemsService similar;

    public SeedCompatRoutes(MeasuredCache cache, ActivityStore events, CatalogService catalog, SimilarItemsService similar) {
        this.cache = cache;
        this.events = events;
        this.catalog = catalog;
        this.similar = similar;
    }

    public void register(Api api) {
        api.post("/cache/invalidate/{id}", Role.ADMIN, this::invalidate);
        api.get("/items/{id}/activity", Role.READ, this::itemActivity);
        api.get("/movies/{id}", Role.READ, this::movie);
        api.get("/movies/{id}/similar", Role.READ, this::similarMovies);
    }

    private void invalidate(Context ctx) {
        Query.of(ctx);
        String userId = Query.checkId("user id", ctx.pathParam("id"));
        long dropped = cache.invalidateUser(userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("message", "Cache invalidated for user " + userId + " (" + dropped + " cached lists dropped)");
        body.put("user_id", userId);
        body.put("dropped", dropped);
        ctx.json(body);
    }

    private void itemActivity(Context ctx) {
        Query q = Query.of(ctx, "limit");
        String itemId = Query.checkId("item id", ctx.pathParam("id"));
        int limit = q.integer("limit", 100, 1, 1000);
        var page = events.itemActivity(itemId, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("item_id", itemId);
        body.put("recent_events", page.stream().map(SeedViews::event).toList());
        body.put("count", page.size());
        body.put("total_events", events.countForItem(itemId));
        ctx.json(body);
    }

    private void movie(Context ctx) {
        Query.of(ctx);
        String id = Query.checkId("movie id", ctx.pathParam("id"));
        Item item = catalog.find(id).orElseThrow(() -> ApiException.notFound("No movie " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("movie_id", id);
        body.putAll(ItemRoutes.view(item));
        ctx.json(body);
    }

    private void similarMovies(Context ctx) {
        Query q = Query.of(ctx, "n_similar");
        String id = Query.checkId("movie id", ctx.pathParam("id"));
        int n = q.integer("n_similar", 5, 1, RecommendRoutes.MAX_N);
        SimilarItemsService.SimilarList list = similar.similar(id, n)
                .orElseThrow(() -> ApiException.notFound("No movie " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("movie_id", id);
        body.put("title", list.title());
        body.put("similar_movies", list.items());
        body.put("model", list.model());
        body.put("model_version", list.modelVersion());
        ctx.json(body);
    }
}
