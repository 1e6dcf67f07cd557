package dev.brisk.core.model;

/** One recommended item with its score and the reason for it. */
public record Recommendation(String itemId, double score, Explanation explanation) {
}
