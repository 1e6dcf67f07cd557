package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.server.recommend.RecommendRequest;
import dev.brisk.server.recommend.RecommendationService;
import dev.brisk.server.recommend.TrendingService;
import dev.brisk.server.training.ModelRegistry;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /recommend?user_id=&n=10&offset=0&model=&exclude_seen=true&genre=&exclude=} — a user's list:
 * items with rank, score, title and explanation, plus {@code request_id} (send it back as
 * {@code recommendation_id} with a click), {@code model}, {@code model_version}, {@code cached},
 * {@code took_ms}. {@code n} is 1–100; {@code model} one of the served models (default from
 * configuration); {@code exclude} a comma-separated list of item ids the caller already shows.
 * {@code offset} (0–1000) pages through the ranked list: {@code offset=10&n=10} continues
 * {@code n=10} without repeating an item, and each item keeps its rank in the whole list.
 * Unknown users get the cold-start list ({@code cold_start: true}).
 * <p>{@code GET /popular?n=&window=&genre=} — trending items (decayed popularity, or plain counts
 * over {@code window} such as 24h or 7d). {@code GET /latest?n=&genre=} — the newest items.
 */
public final class RecommendRoutes {
    public static final int MAX_N = 100;
    /** How deep a client may page: the ranked list is made down to offset + n. */
    public static final int MAX_OFFSET = 1000;

    private final RecommendationService service;
    private final TrendingService trending;
    private final ModelRegistry models;

    public RecommendRoutes(RecommendationService service, TrendingService trending, ModelRegistry models) {
        this.service = service;
        this.trending = trending;
        this.models = models;
    }

    public void register(Api api) {
        api.get("/recommend", Role.READ, this::recommend);
        api.get("/popular", Role.READ, this::popular);
        api.get("/latest", Role.READ, this::latest);
    }

    private void recommend(Context ctx) {
        Query q = Query.of(ctx, "user_id", "n", "offset", "model", "exclude_seen", "genre", "exclude");
        String userId = q.requiredId("user_id");
        int n = q.integer("n", 10, 1, MAX_N);
        int offset = q.integer("offset", 0, 0, MAX_OFFSET);
        String model = q.optionalText("model", 64).orElse(null);
        if (model != null && !models.knows(model)) {
            throw ApiException.badRequest("Unknown model '" + model + "'; available: " + String.join(", ", models.types()));
        }
        boolean excludeSeen = q.bool("exclude_seen", true);
        String genre = q.optionalText("genre", 64).orElse(null);
        var exclude = q.idList("exclude", 500);
        ctx.contentType(ContentType.APPLICATION_JSON)
                .result(service.recommendJson(new RecommendRequest(userId, n, model, excludeSeen, genre, exclude, offset)));
    }

    private void popular(Context ctx) {
        Query q = Query.of(ctx, "n", "window", "genre");
        int n = q.integer("n", 10, 1, MAX_N);
        var window = q.window("window");
        String genre = q.optionalText("genre", 64).orElse(null);
        ctx.json(Map.of("window", window.map(w -> q.rawValue("window").orElse("")).orElse("decayed"),
                "genre", genre == null ? "" : genre,
                "items", trending.popular(n, window.orElse(null), genre)));
    }

    private void latest(Context ctx) {
        Query q = Query.of(ctx, "n", "genre");
        int n = q.integer("n", 10, 1, MAX_N);
        String genre = q.optionalText("genre", 64).orElse(null);
        ctx.json(Map.of("items", trending.latest(n, genre).stream().map(ItemRoutes::view).toList()));
    }
}
