package dev.brisk.client;

import java.util.List;

/** Items similar to one item, with the model that found them. */
public record SimilarItems(String itemId, String title, String model, String modelVersion, List<RecommendedItem> items) {
}
