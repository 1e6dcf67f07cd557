package dev.brisk.server.http;

import dev.brisk.core.model.ContentModel;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.Popularity;
import dev.brisk.server.training.ModelRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model names of the system Brisk replaces and the Brisk model serving each: {@code popularity}
 * → {@code popular}, {@code collaborative} → {@code als} (that system's collaborative model was a
 * matrix factorisation, as ALS is), {@code content_based} → {@code content}, {@code hybrid} →
 * {@code hybrid}. Brisk's own names are accepted too.
 */
final class SeedModels {
    /** Seed name → Brisk model type, in the order that system listed them. */
    static final Map<String, String> TO_BRISK = orderedMapping();

    private SeedModels() {
    }

    private static Map<String, String> orderedMapping() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("popularity", Popularity.TYPE);
        m.put("collaborative", ImplicitAls.TYPE);
        m.put("content_based", ContentModel.TYPE);
        m.put("hybrid", Hybrid.TYPE);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The Brisk model a request names, by a seed name or a Brisk type; empty when it names neither. */
    static Optional<String> briskType(String name, ModelRegistry models) {
        String type = TO_BRISK.getOrDefault(name, name);
        return models.knows(type) ? Optional.of(type) : Optional.empty();
    }

    /** The Brisk model a request names; a 400 that lists the accepted names otherwise. */
    static String requireBriskType(String field, String name, ModelRegistry models) {
        return briskType(name, models).orElseThrow(() -> ApiException.badRequest("Unknown " + field + " '" + name
                + "'; one of " + String.join(", ", TO_BRISK.keySet()) + " (or Brisk's own: "
                + String.join(", ", models.types()) + ")"));
    }

    /** The seed's name of a Brisk model type, or the type itself when that system had no such model. */
    static String seedName(String briskType) {
        return TO_BRISK.entrySet().stream().filter(e -> e.getValue().equals(briskType)).map(Map.Entry::getKey)
                .findFirst().orElse(briskType);
    }

    /**
     * The replaced system's model metrics ({@code GET /metrics} as JSON): {@code available_models}
     * (each {@code model_type} with its {@code status}, the Brisk model and version serving it),
     * {@code default_model}, and {@code last_updated} (the latest training, null before any).
     *
     * @param status each model as {@code GET /models} lists it
     */
    static Map<String, Object> metrics(List<Map<String, Object>> status, String defaultType) {
        List<Map<String, Object>> available = new ArrayList<>();
        String lastUpdated = null;
        for (Map<String, Object> model : status) {
            String type = (String) model.get("type");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model_type", seedName(type));
            m.put("brisk_model", type);
            m.put("status", model.get("state"));
            m.put("version", model.get("version"));
            m.put("trained_at", model.get("trained_at"));
            available.add(m);
            String trainedAt = (String) model.get("trained_at");
            if (trainedAt != null && (lastUpdated == null || Instant.parse(trainedAt).isAfter(Instant.parse(lastUpdated)))) {
                lastUpdated = trainedAt;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("available_models", available);
        out.put("default_model", seedName(defaultType));
        out.put("last_updated", lastUpdated);
        out.put("timestamp", Instant.now().toString());
        return out;
    }
}
