package dev.brisk.core.profile;

import java.util.List;
import java.util.Map;

/**
 * What Brisk knows about one user, aggregated from their events: counts per type, ratings,
 * genre affinities, first and last interaction and sessions. {@code lastSessionId} is the session
 * of the user's latest event (used to tell a new session from a continuing one).
 */
public record UserProfile(
        String userId,
        long totalInteractions,
        Map<String, Long> countsByType,
        double avgRating,
        long ratingCount,
        Map<String, Double> genreScores,
        long firstInteraction,
        long lastInteraction,
        long sessionCount,
        String lastSessionId) {

    public UserProfile {
        countsByType = Map.copyOf(countsByType);
        genreScores = Map.copyOf(genreScores);
    }

    public static UserProfile empty(String userId) {
        return new UserProfile(userId, 0, Map.of(), 0.0, 0, Map.of(), 0, 0, 0, null);
    }

    /** Genres with a positive affinity, strongest first. */
    public List<String> favoriteGenres(int limit) {
        return genreScores.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    public long count(String eventType) {
        return countsByType.getOrDefault(eventType, 0L);
    }

}
