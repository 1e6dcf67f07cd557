package dev.brisk.server.store;

/** One row of {@code recommendation_logs}: an item at a position of a served list. */
public record ServedItem(String requestId, String userId, String itemId, int position, String modelType,
                         String modelVersion, double score, String explanation, long servedAt, String variant) {
}
