package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.server.cache.MeasuredCache;
import dev.brisk.server.metrics.SeedFigures;
import dev.brisk.server.store.Json;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The recommendation cache. {@code GET /cache/stats} — backend, hits, misses, hit rate, get/put
 * latency, size, evictions, invalidations, errors, fallbacks; for the replaced system's clients
 * also {@code cache_system} (the backends and what they hold) and {@code performance_metrics}
 * (requests, hits, misses, hit rate as a fraction, timestamp). {@code DELETE /cache/users/{id}} —
 * drops every list of one user. {@code DELETE /cache} — drops everything.
 */
public final class CacheRoutes {
    private final MeasuredCache cache;
    private final SeedFigures seed;

    public CacheRoutes(MeasuredCache cache, SeedFigures seed) {
        this.cache = cache;
        this.seed = seed;
    }

    public void register(Api api) {
        api.get("/cache/stats", Role.ADMIN, ctx -> {
            Query.of(ctx);
            Map<String, Object> body = Json.MAPPER.convertValue(cache.stats(), Json.MAP_TYPE);
            body.put("cache_system", seed.cacheMetrics());
            body.put("performance_metrics", seed.cachePerformance());
            ctx.json(body);
        });
        api.delete("/cache/users/{id}", Role.ADMIN, this::dropUser);
        api.delete("/cache", Role.ADMIN, ctx -> {
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
