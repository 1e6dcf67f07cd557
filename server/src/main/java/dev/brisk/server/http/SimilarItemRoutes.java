package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.server.recommend.SimilarItemsService;
import io.javalin.http.Context;

/**
 * {@code GET /items/{id}/similar?n=10} — the items most like one item, best first, each with
 * rank, score (the similarity), title, genres and explanation, plus the {@code model} and
 * {@code model_version} that found them. {@code n} is 1–100. 404 when the item is unknown to the
 * catalog and to every model; an item known but alike to nothing yet gets an empty list.
 */
public final class SimilarItemRoutes {
    private final SimilarItemsService similar;

    public SimilarItemRoutes(SimilarItemsService similar) {
        this.similar = similar;
    }

    public void register(Api api) {
        api.get("/items/{id}/similar", Role.READ, this::similar);
    }

    private void similar(Context ctx) {
        Query q = Query.of(ctx, "n");
        String id = Query.checkId("item id", ctx.pathParam("id"));
        int n = q.integer("n", 10, 1, RecommendRoutes.MAX_N);
        ctx.json(similar.similar(id, n).orElseThrow(() -> ApiException.notFound("No item " + id)));
    }
}
