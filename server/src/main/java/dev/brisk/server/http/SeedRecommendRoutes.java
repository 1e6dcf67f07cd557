package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.event.Ids;
import dev.brisk.core.event.Problem;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.recommend.ListExplanation;
import dev.brisk.server.recommend.RecommendRequest;
import dev.brisk.server.recommend.RecommendationService;
import dev.brisk.server.recommend.ServedList;
import dev.brisk.server.store.Json;
import dev.brisk.server.training.ModelRegistry;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recommendations as the replaced system's clients ask for them, served by the same
 * {@link RecommendationService} as {@code GET /recommend} (same cache, history, models and log).
 * Model names map as {@link SeedModels} says.
 * <p>{@code POST /recommend} — a JSON body {@code {user_id, n_recommendations (1–100, default 10),
 * exclude_seen (default true), model_type (default hybrid)}}; answers {@code user_id},
 * {@code recommendations} (each with {@code item_id}, {@code title}, {@code score}, {@code reason}),
 * {@code model_version}, {@code timestamp}, and Brisk's {@code request_id}, {@code model},
 * {@code cached}, {@code took_ms}. 400 with every problem of the body; 415 without JSON.
 * <p>{@code POST /compare-models?user_id=&n_recommendations=5} — no body; {@code models}: each seed
 * model name → its list, and {@code served_by}: which Brisk model and version answered each.
 * <p>{@code GET /users/{id}/explain?model_type=hybrid} — {@code explanation} (a sentence),
 * {@code recommendations_based_on} (titles of the history items behind the list, or its reasons),
 * and the list itself.
 */
public final class SeedRecommendRoutes {
    private static final Set<String> FIELDS = Set.of("user_id", "n_recommendations", "exclude_seen", "model_type");
    private static final String DEFAULT_MODEL = "hybrid";

    private final RecommendationService service;
    private final ModelRegistry models;
    private final CatalogService catalog;
    private final Bodies bodies;

    public SeedRecommendRoutes(RecommendationService service, ModelRegistry models, CatalogService catalog,
                               Bodies bodies) {
        this.service = service;
        this.models = models;
        this.catalog = catalog;
        this.bodies = bodies;
    }

    public void register(Api api) {
        api.post("/recommend", Role.READ, this::recommend);
        api.post("/compare-models", Role.READ, this::compare);
        api.get("/users/{id}/explain", Role.READ, this::explain);
    }

    private void recommend(Context ctx) throws Exception {
        Query.of(ctx);
        JsonNode body = ItemRoutes.jsonBody(ctx, bodies);
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object with user_id (and optionally "
                    + "n_recommendations, exclude_seen, model_type)");
        }
        List<Problem> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        body.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            problems.add(new Problem(String.join(",", unknown), "unknown field; accepted fields are "
                    + String.join(", ", new TreeSet<>(FIELDS))));
        }
        Object rawUser = Json.MAPPER.convertValue(body.get("user_id"), Object.class);
        Ids.problemWith(rawUser).ifPresent(p -> problems.add(new Problem("user_id", p)));
        int n = count(body.get("n_recommendations"), problems);
        JsonNode excludeSeen = body.get("exclude_seen");
        if (excludeSeen != null && !excludeSeen.isNull() && !excludeSeen.isBoolean()) {
            problems.add(new Problem("exclude_seen", "must be true or false"));
        }
        JsonNode modelNode = body.get("model_type");
        String modelName = modelNode == null || modelNode.isNull() ? DEFAULT_MODEL : modelNode.asText();
        boolean notText = modelNode != null && !modelNode.isNull() && !modelNode.isTextual();
        if (notText || SeedModels.briskType(modelName, models).isEmpty()) {
            problems.add(new Problem("model_type", "must be one of " + String.join(", ", SeedModels.TO_BRISK.keySet())
                    + " (or Brisk's own: " + String.join(", ", models.types()) + "), got " + modelNode));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("Invalid recommendation request: "
                    + String.join("; ", problems.stream().map(Problem::toString).toList()), Map.of("problems", problems));
        }
        ServedList served = service.recommend(new RecommendRequest(Ids.text(rawUser), n,
                SeedModels.briskType(modelName, models).orElseThrow(),
                excludeSeen == null || excludeSeen.isNull() || excludeSeen.asBoolean(), null, Set.of()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user_id", served.userId());
        answer.put("recommendations", served.items());
        answer.put("model_type", modelName);
        answer.put("model", served.model());
        answer.put("model_version", served.modelVersion());
        answer.put("timestamp", Instant.now().toString());
        answer.put("request_id", served.requestId());
        answer.put("cached", served.cached());
        answer.put("cold_start", served.coldStart());
        answer.put("took_ms", served.tookMs());
        ctx.json(answer);
    }

    /** {@code n_recommendations}: a whole number from 1 to the most /recommend serves; 10 when absent. */
    private static int count(JsonNode raw, List<Problem> problems) {
        if (raw == null || raw.isNull()) {
            return 10;
        }
        if (!raw.canConvertToExactIntegral() || raw.asLong() < 1 || raw.asLong() > RecommendRoutes.MAX_N) {
            problems.add(new Problem("n_recommendations", "must be a whole number from 1 to " + RecommendRoutes.MAX_N
                    + ", got " + raw));
            return 10;
        }
        return raw.asInt();
    }

    private void compare(Context ctx) {
        Query q = Query.of(ctx, "user_id", "n_recommendations");
        String userId = q.requiredId("user_id");
        int n = q.integer("n_recommendations", 5, 1, RecommendRoutes.MAX_N);
        Map<String, Object> lists = new LinkedHashMap<>();
        Map<String, Object> servedBy = new LinkedHashMap<>();
        SeedModels.TO_BRISK.forEach((seedName, type) -> {
            ServedList served = service.recommend(new RecommendRequest(userId, n, type, true, null, Set.of()));
            lists.put(seedName, served.items());
            Map<String, Object> by = new LinkedHashMap<>();
            by.put("model", served.model());
            by.put("model_version", served.modelVersion());
            by.put("cached", served.cached());
            servedBy.put(seedName, by);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user_id", userId);
        answer.put("models", lists);
        answer.put("served_by", servedBy);
        answer.put("timestamp", Instant.now().toString());
        ctx.json(answer);
    }

    private void explain(Context ctx) {
        Query q = Query.of(ctx, "model_type");
        String userId = Query.checkId("user id", ctx.pathParam("id"));
        String modelName = q.optionalText("model_type", 64).orElse(DEFAULT_MODEL);
        String type = SeedModels.requireBriskType("model_type", modelName, models);
        ServedList served = service.recommend(new RecommendRequest(userId, 5, type, true, null, Set.of()));
        ListExplanation why = ListExplanation.of(served, catalog.current()::titleOf);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user_id", userId);
        answer.put("model_type", modelName);
        answer.put("model", served.model());
        answer.put("model_version", served.modelVersion());
        answer.put("explanation", why.text());
        answer.put("recommendations_based_on", why.basedOn());
        answer.put("based_on_items", why.basedOnItems());
        answer.put("recommendations", served.items());
        ctx.json(answer);
    }
}
