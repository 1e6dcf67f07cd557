package dev.brisk.client;

import java.util.List;

/** Why a user gets their list from a model: the history items or reasons behind it, and the list. */
public record Explanation(String userId, String modelType, String model, String modelVersion, String explanation,
        List<String> recommendationsBasedOn, List<String> basedOnItems, List<RecommendedItem> recommendations) {
}
