package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What Brisk knows of a user: counts per event type, ratings, favourite genres, first and last interaction. */
public record Profile(String userId, long totalInteractions, Map<String, Long> counts, Double avgRating, long ratingCount,
        List<String> favoriteGenres, Instant firstInteraction, Instant lastInteraction, long sessionCount) {
}
