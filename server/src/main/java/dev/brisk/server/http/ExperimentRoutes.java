package dev.brisk.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.experiments.Experiment;
import dev.brisk.core.experiments.Variant;
import dev.brisk.server.experiments.ExperimentException;
import dev.brisk.server.experiments.ExperimentService;
import dev.brisk.server.experiments.NewExperiment;
import dev.brisk.server.security.Role;
import dev.brisk.server.store.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A/B experiments. {@code POST /experiments} with {@code {"name", "description"?, "experiment_id"?,
 * "variants": [{"name", "model", "weight", "params"?}], "primary_metric": "ctr" | "conversion"}}
 * starts one (201 with the experiment; 400 naming every problem; 409 while another one runs or
 * when the id is taken). {@code GET /experiments} — every experiment, newest first, with
 * {@code total_experiments} and the {@code running} one's id (the replaced system's fields kept).
 * {@code GET /experiments/{id}} — one experiment. {@code POST /experiments/{id}/stop} — stops it
 * (200; stopping a stopped one changes nothing; its results are kept). {@code GET
 * /experiments/{id}/results} — per variant users, lists, clicks, purchases, click-through rate and
 * conversion with user-level 95% intervals, the lift, p-values and significance on the primary
 * metric, the sample-ratio check, the minimum detectable effect and a verdict. {@code GET
 * /experiments/{id}/timeline?points=12} — the same rates cumulated at points in time, for charts.
 * {@code GET /users/{id}/experiment-group?experiment_id=} — the user's variant ({@code assigned_group},
 * null with a {@code message} when the experiment does not exist).
 */
public final class ExperimentRoutes {
    private static final Set<String> FIELDS = Set.of("experiment_id", "name", "description", "variants", "primary_metric");
    private static final Set<String> VARIANT_FIELDS = Set.of("name", "model", "weight", "params");

    private final ExperimentService experiments;
    private final Bodies bodies;

    public ExperimentRoutes(ExperimentService experiments, Bodies bodies) {
        this.experiments = experiments;
        this.bodies = bodies;
    }

    public void register(Api api) {
        api.get("/experiments", Role.ADMIN, this::list);
        api.post("/experiments", Role.ADMIN, this::create);
        api.get("/experiments/{id}", Role.ADMIN, this::one);
        api.post("/experiments/{id}/stop", Role.ADMIN, this::stop);
        api.get("/experiments/{id}/results", Role.ADMIN, this::results);
        api.get("/experiments/{id}/timeline", Role.ADMIN, this::timeline);
        api.get("/users/{id}/experiment-group", Role.READ, this::group);
    }

    /** An experiment as the API shows it. */
    public record View(String experimentId, String name, String description, String status, String primaryMetric,
                       String startedAt, String stoppedAt, List<VariantView> variants) {
    }

    /** A variant with its share of users (its weight over the sum of weights). */
    public record VariantView(String name, String model, double weight, double share, Map<String, Object> params,
                              boolean control) {
    }

    static View view(Experiment e) {
        double total = e.variants().stream().mapToDouble(Variant::weight).sum();
        List<VariantView> variants = new ArrayList<>();
        for (Variant v : e.variants()) {
            variants.add(new VariantView(v.name(), v.model(), v.weight(), v.weight() / total, v.params(),
                    variants.isEmpty()));
        }
        return new View(e.id(), e.name(), e.description(), e.status(), e.primaryMetric(),
                Instant.ofEpochMilli(e.startedAt()).toString(),
                e.stoppedAt() == 0 ? null : Instant.ofEpochMilli(e.stoppedAt()).toString(), variants);
    }

    private void list(Context ctx) {
        Query.of(ctx);
        List<View> all = experiments.all().stream().map(ExperimentRoutes::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiments", all);
        body.put("total_experiments", all.size());
        body.put("running", experiments.running().map(Experiment::id).orElse(null));
        if (all.isEmpty()) {
            body.put("message", "No experiments yet: POST /experiments starts one");
        }
        ctx.json(body);
    }

    private void create(Context ctx) throws Exception {
        Query.of(ctx);
        JsonNode body = ItemRoutes.jsonBody(ctx, bodies);
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be an object like {\"name\": \"...\", \"primary_metric\": \"ctr\","
                    + " \"variants\": [{\"name\": \"control\", \"model\": \"hybrid\", \"weight\": 1}, ...]}");
        }
        List<String> problems = new ArrayList<>();
        unknownFields(body, FIELDS, "", problems);
        List<Variant> variants = new ArrayList<>();
        JsonNode list = body.path("variants");
        if (!list.isMissingNode() && !list.isArray()) {
            problems.add("variants must be a list");
        }
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            variants.add(variant(list.get(i), "variants[" + i + "]", problems));
        }
        NewExperiment request = new NewExperiment(text(body, "experiment_id", problems), text(body, "name", problems),
                text(body, "description", problems), text(body, "primary_metric", problems),
                list.isArray() ? variants : null, problems);
        try {
            ctx.status(201).json(view(experiments.create(request)));
        } catch (ExperimentException e) {
            throw refusal(e);
        }
    }

    private static Variant variant(JsonNode node, String at, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + " must be an object with name, model, weight and optional params");
            return new Variant(null, null, Double.NaN, Map.of());
        }
        unknownFields(node, VARIANT_FIELDS, at + ".", problems);
        JsonNode weight = node.get("weight");
        double w = Double.NaN;
        if (weight == null || !weight.isNumber()) {
            problems.add(at + ".weight must be a number above 0, got " + weight);
        } else {
            w = weight.doubleValue();
        }
        Map<String, Object> params = Map.of();
        JsonNode p = node.get("params");
        if (p != null && !p.isNull()) {
            if (p.isObject()) {
                params = Json.MAPPER.convertValue(p, Json.MAP_TYPE);
            } else {
                problems.add(at + ".params must be an object");
            }
        }
        // A weight that could not be read is already a problem: keep it from being reported twice.
        return new Variant(text(node, "name", at + ".", problems), text(node, "model", at + ".", problems),
                Double.isNaN(w) ? 1 : w, params);
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at, List<String> problems) {
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            problems.add("unknown field " + at + String.join(", " + at, unknown) + "; accepted: "
                    + String.join(", ", new TreeSet<>(known)));
        }
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        return text(node, field, "", problems);
    }

    private static String text(JsonNode node, String field, String at, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(at + field + " must be a string, got " + value);
            return null;
        }
        return value.asText();
    }

    private static ApiException refusal(ExperimentException e) {
        if (e.kind() == ExperimentException.Kind.CONFLICT) {
            return new ApiException(409, "conflict", e.getMessage(), Map.of());
        }
        return ApiException.invalid(e.getMessage(), Map.of("problems", e.problems()));
    }

    private void one(Context ctx) {
        Query.of(ctx);
        ctx.json(view(experiments.find(id(ctx)).orElseThrow(() -> notFound(ctx))));
    }

    private void stop(Context ctx) {
        Query.of(ctx);
        ctx.json(view(experiments.stop(id(ctx)).orElseThrow(() -> notFound(ctx))));
    }

    private void results(Context ctx) {
        Query.of(ctx);
        ctx.json(experiments.results(id(ctx)).orElseThrow(() -> notFound(ctx)));
    }

    private void timeline(Context ctx) {
        Query q = Query.of(ctx, "points");
        int points = q.integer("points", 12, 2, 60);
        ctx.json(experiments.timeline(id(ctx), points).orElseThrow(() -> notFound(ctx)));
    }

    private static String id(Context ctx) {
        return Query.checkId("experiment id", ctx.pathParam("id"));
    }

    private static ApiException notFound(Context ctx) {
        return ApiException.notFound("No experiment " + ctx.pathParam("id"));
    }

    private void group(Context ctx) {
        Query q = Query.of(ctx, "experiment_id");
        String userId = Query.checkId("user id", ctx.pathParam("id"));
        String experimentId = q.requiredId("experiment_id");
        Experiment experiment = experiments.find(experimentId).orElse(null);
        Variant variant = experiment == null ? null : experiment.variantOf(userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", userId);
        body.put("experiment_id", experimentId);
        body.put("assigned_group", variant == null ? null : variant.name());
        if (variant == null) {
            body.put("message", "There is no experiment " + experimentId + ", so user " + userId + " is in none of its groups");
        } else {
            body.put("model", variant.model());
            body.put("status", experiment.status());
        }
        ctx.json(body);
    }
}
