package dev.brisk.server.store;

import java.util.List;

/**
 * One served list as the log keeps it: who got it, from which model, its item ids in order from
 * {@code firstPosition} on, and the experiment and variant it counted for (both null outside any
 * experiment).
 */
public record LoggedList(String requestId, String userId, String modelType, String modelVersion, int firstPosition,
                         List<String> itemIds, long servedAt, String experimentId, String variant) {
}
