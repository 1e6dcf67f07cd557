package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.simulate.SimulationReport;
import dev.brisk.server.simulate.SimulatorControl;
import dev.brisk.server.store.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dashboard's crowd simulator (the engine of {@code brisk simulate}, run by the service
 * against its own API). {@code POST /simulator/start} with {@code {"users": 20,
 * "events_per_second": 10, "duration_seconds": 60}} (each optional, these are the defaults; at most
 * 200 users, 200 events/s and 600 s) starts a run and answers 202 with its report; 409 while
 * another runs; 400 for values out of bounds. {@code click_probabilities} ({@code {"als": 0.4,
 * "popular": 0.1}}, 0–0.8 each, 0.25 for models not named) makes the simulated users prefer one
 * model's lists, so that an experiment can be watched end to end. {@code POST /simulator/stop} ends the run (200 with
 * the final report, 404 when none ran). {@code GET /simulator} — {@code running}, the
 * {@code limits} and the current or last run's report ({@code run}, null when none ran): events
 * sent and accepted, recommendation lists, per endpoint requests, errors by kind and latency.
 * Simulated users are {@code sim-u1} to {@code sim-uN}.
 */
public final class SimulatorRoutes {
    private static final Set<String> FIELDS = Set.of("users", "events_per_second", "duration_seconds",
            "click_probabilities");

    private final SimulatorControl simulator;

    public SimulatorRoutes(SimulatorControl simulator) {
        this.simulator = simulator;
    }

    public void register(Api api) {
        api.get("/simulator", Role.ADMIN, ctx -> {
            Query.of(ctx);
            ctx.json(status());
        });
        api.post("/simulator/start", Role.ADMIN, this::start);
        api.post("/simulator/stop", Role.ADMIN, ctx -> {
            Query.of(ctx);
            SimulationReport report = simulator.stop()
                    .orElseThrow(() -> ApiException.notFound("No simulation has run since the start"));
            ctx.json(report);
        });
    }

    private void start(Context ctx) throws Exception {
        Query.of(ctx);
        JsonNode body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(ctx.body());
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be an object like {\"users\": 20, \"events_per_second\": 10, "
                    + "\"duration_seconds\": 60}");
        }
        Set<String> unknown = new TreeSet<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.invalid("Unknown field " + String.join(", ", unknown) + "; accepted: "
                    + String.join(", ", new TreeSet<>(FIELDS)), Map.of("unknown", List.copyOf(unknown)));
        }
        int users = wholeNumber(body, "users", 20);
        double rate = number(body, "events_per_second", 10);
        int duration = wholeNumber(body, "duration_seconds", 60);
        Map<String, Double> clicks = clickProbabilities(body.get("click_probabilities"));
        SimulationReport report;
        try {
            report = simulator.start(users, rate, duration, clicks);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage(), Map.of());
        } catch (IllegalStateException e) {
            throw new ApiException(409, "simulator_busy", e.getMessage(), Map.of());
        }
        ctx.status(202).json(report);
    }

    private Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        var last = simulator.last();
        body.put("running", last.map(SimulationReport::running).orElse(false));
        body.put("limits", Map.of("users", SimulatorControl.MAX_USERS,
                "events_per_second", SimulatorControl.MAX_EVENTS_PER_SECOND,
                "duration_seconds", SimulatorControl.MAX_DURATION_SECONDS));
        body.put("run", last.orElse(null));
        return body;
    }

    private static Map<String, Double> clickProbabilities(JsonNode value) {
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ApiException.badRequest("click_probabilities must be an object of model to probability, like "
                    + "{\"als\": 0.4, \"popular\": 0.1}");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber()) {
                throw ApiException.badRequest("click_probabilities." + e.getKey() + " must be a number, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().doubleValue());
        });
        return out;
    }

    private static int wholeNumber(JsonNode body, String field, int fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw ApiException.badRequest(field + " must be a whole number, got " + value);
        }
        return value.intValue();
    }

    private static double number(JsonNode body, String field, double fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest(field + " must be a number, got " + value);
        }
        return value.doubleValue();
    }
}
