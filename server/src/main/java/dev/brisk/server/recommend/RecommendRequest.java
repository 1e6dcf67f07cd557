package dev.brisk.server.recommend;

import java.util.Set;

/** A validated request for one user's list. {@code genre} is null for all genres. */
public record RecommendRequest(String userId, int n, String model, boolean excludeSeen, String genre,
                               Set<String> exclude) {
}
