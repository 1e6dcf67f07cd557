package dev.brisk.server.store;

/**
 * One row of {@code recommendation_logs}: an item at a position of a served list, and the
 * experiment and variant the list counted for (both null outside any experiment).
 */
public record ServedItem(String requestId, String userId, String itemId, int position, String modelType,
                         String modelVersion, double score, String explanation, long servedAt, String experimentId,
                         String variant) {
}
