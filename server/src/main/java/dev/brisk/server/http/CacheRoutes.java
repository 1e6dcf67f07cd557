package dev.brisk.server.http;

import dev.brisk.server.cache.MeasuredCache;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The recommendation cache. {@code GET /cache/stats} — backend, hits, misses, hit rate, get/put
 * latency, size, evictions, invalidations, errors, fallbacks. {@code DELETE /cache/users/{id}} —
 * drops every list of one user. {@code DELETE /cache} — drops everything.
 */
public final class CacheRoutes {
    private final MeasuredCache cache;

    public CacheRoutes(MeasuredCache cache) {
        this.cache = cache;
    }

    public void register(Api api) {
        api.get("/cache/stats", ctx -> {
            Query.of(ctx);
            ctx.json(cache.stats());
        });
        api.delete("/cache/users/{id}", this::dropUser);
        api.delete("/cache", ctx -> {
            Query.of(ctx);
            cache.clear();
            ctx.json(Map.of("cleared", true));
        });
    }

    private void dropUser(Context ctx) {
        Query.of(ctx);
        String userId = Query.checkId("user id", ctx.pathParam("id"));
        ctx.json(Map.of("user_id", userId, "dropped", cache.invalidateUser(userId)));
    }
}
