package dev.brisk.client;

import java.util.List;

/** A served list. Send {@code requestId} back as the {@code recommendation_id} of the events it leads to. */
public record RecommendationList(String requestId, String userId, String model, String modelVersion, boolean cached, boolean coldStart,
        double tookMs, List<RecommendedItem> items, InExperiment experiment) {
}
