package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventTypes;
import dev.brisk.core.event.EventValidator;
import dev.brisk.core.event.Ids;
import dev.brisk.core.event.Problem;
import dev.brisk.core.event.Validated;
import dev.brisk.server.recommend.RecommendRequest;
import dev.brisk.server.recommend.RecommendationService;
import dev.brisk.server.store.Json;
import dev.brisk.server.training.ModelRegistry;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /recommend/session} — a list for an anonymous visitor, from the interactions in
 * the body; nothing is stored or cached. The body (JSON):
 * <pre>
 * {"interactions": [{"item_id": "i1", "event_type": "view", "timestamp": "2025-01-01T12:00:00Z"}, ...],
 *  "n": 10, "model": "hybrid", "genre": "Drama", "exclude": ["i7"], "exclude_seen": true}
 * </pre>
 * {@code interactions} is required (1 up to the history limit), each with {@code item_id},
 * {@code event_type}, optional {@code rating} (required for ratings) and {@code timestamp}
 * (default now; the order of the interactions is taken from it). The rest are optional, as on
 * {@code GET /recommend}. Answers like {@code /recommend} without {@code user_id}; 400 with every
 * problem for bad input, 415 for another content type.
 */
public final class SessionRoutes {
    private static final Set<String> FIELDS = Set.of("interactions", "n", "model", "genre", "exclude", "exclude_seen");
    private static final Set<String> INTERACTION_FIELDS = Set.of("item_id", "event_type", "rating", "timestamp");
    private static final String ANONYMOUS = "anonymous";
    private static final int MAX_EXCLUDE = 500;

    private final RecommendationService service;
    private final ModelRegistry models;
    private final int maxInteractions;
    private final EventValidator validator;
    private final Bodies bodies;

    public SessionRoutes(RecommendationService service, ModelRegistry models, int maxInteractions, Bodies bodies,
                         EventTypes eventTypes) {
        this.validator = new EventValidator(null, eventTypes);
        this.bodies = bodies;
        this.service = service;
        this.models = models;
        this.maxInteractions = maxInteractions;
    }

    public void register(Api api) {
        api.post("/recommend/session", Role.WRITE, this::recommend);
    }

    private void recommend(Context ctx) throws Exception {
        Query.of(ctx);
        JsonNode body = ItemRoutes.jsonBody(ctx, bodies);
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be an object with \"interactions\"");
        }
        List<Problem> problems = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                problems.add(new Problem(field, "unknown field; accepted fields are " + String.join(", ", new TreeSet<>(FIELDS))));
            }
        }
        List<Event> interactions = interactions(body.get("interactions"), problems);
        int n = integer(body.get("n"), 10, 1, RecommendRoutes.MAX_N, "n", problems);
        String model = text(body.get("model"), 64, "model", problems);
        if (model != null && !models.knows(model)) {
            problems.add(new Problem("model", "unknown model '" + model + "'; available: " + String.join(", ", models.types())));
        }
        String genre = text(body.get("genre"), 64, "genre", problems);
        Set<String> exclude = exclude(body.get("exclude"), problems);
        boolean excludeSeen = true;
        JsonNode seen = body.get("exclude_seen");
        if (seen != null && !seen.isNull()) {
            if (seen.isBoolean()) {
                excludeSeen = seen.asBoolean();
            } else {
                problems.add(new Problem("exclude_seen", "must be true or false"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("Invalid session request: " + String.join("; ",
                    problems.stream().map(Problem::toString).toList()), Map.of("problems", problems.stream().map(p -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("field", p.field());
                        m.put("message", p.message());
                        return m;
                    }).toList()));
        }
        ctx.json(service.recommendSession(interactions,
                new RecommendRequest(ANONYMOUS, n, model, excludeSeen, genre, exclude)));
    }

    private List<Event> interactions(JsonNode node, List<Problem> problems) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add(new Problem("interactions", "is required: a non-empty array of {item_id, event_type, ...}"));
            return List.of();
        }
        if (node.size() > maxInteractions) {
            problems.add(new Problem("interactions", "takes at most " + maxInteractions + " entries, got " + node.size()));
            return List.of();
        }
        long now = System.currentTimeMillis();
        List<Event> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String where = "interactions[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                problems.add(new Problem(where, "must be an object"));
                continue;
            }
            Map<String, Object> fields = Json.MAPPER.convertValue(entry, Json.MAP_TYPE);
            for (String field : fields.keySet()) {
                if (!INTERACTION_FIELDS.contains(field)) {
                    problems.add(new Problem(where + "." + field, "unknown field; accepted fields are "
                            + String.join(", ", new TreeSet<>(INTERACTION_FIELDS))));
                }
            }
            fields.keySet().retainAll(INTERACTION_FIELDS);
            fields.put("user_id", ANONYMOUS);
            Validated<Event> v = validator.validate(fields, now);
            if (v.isValid()) {
                out.add(v.value());
            } else {
                v.problems().forEach(p -> problems.add(new Problem(where + "." + p.field(), p.message())));
            }
        }
        return out;
    }

    private static int integer(JsonNode node, int fallback, int min, int max, String name, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            problems.add(new Problem(name, "must be a whole number from " + min + " to " + max));
            return fallback;
        }
        return node.asInt();
    }

    private static String text(JsonNode node, int maxLength, String name, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > maxLength) {
            problems.add(new Problem(name, "must be a non-empty string of at most " + maxLength + " characters"));
            return null;
        }
        return node.asText().trim();
    }

    private static Set<String> exclude(JsonNode node, List<Problem> problems) {
        Set<String> out = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray() || node.size() > MAX_EXCLUDE) {
            problems.add(new Problem("exclude", "must be an array of at most " + MAX_EXCLUDE + " item ids"));
            return out;
        }
        for (JsonNode id : node) {
            Object raw = id.isNumber() ? id.numberValue() : id.isTextual() ? id.asText() : id.toString();
            var problem = Ids.problemWith(raw);
            if (problem.isPresent()) {
                problems.add(new Problem("exclude", "each id " + problem.get()));
                return out;
            }
            out.add(Ids.text(raw));
        }
        return out;
    }
}
