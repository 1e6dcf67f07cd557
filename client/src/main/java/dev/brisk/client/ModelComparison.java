package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One list per model of the replaced system (popularity, collaborative, content_based, hybrid) for
 * one user, and which Brisk model and version served each.
 */
public record ModelComparison(String userId, Map<String, List<RecommendedItem>> models, Map<String, ServedBy> servedBy,
                              Instant timestamp) {

    /** The Brisk model behind one list (popular stands in for a model not trained yet). */
    public record ServedBy(String model, String modelVersion, boolean cached) {
    }
}
