package dev.brisk.core.profile;

import dev.brisk.core.event.Event;
import dev.brisk.core.model.FeedbackWeights;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Folds one event into a user's profile. Pure: the same inputs always give the same profile. */
public final class ProfileAggregator {
    private final FeedbackWeights weights;

    public ProfileAggregator(FeedbackWeights weights) {
        this.weights = weights;
    }

    /**
     * The profile after {@code event}. {@code itemGenres} are the event item's genres;
     * {@code newSession} says whether the event's session had not been seen for this user before.
     * Events may come out of order: first and last interaction are the min and max timestamps.
     */
    public UserProfile apply(UserProfile before, Event event, List<String> itemGenres, boolean newSession) {
        Map<String, Long> counts = new HashMap<>(before.countsByType());
        counts.merge(event.type().wireName(), 1L, Long::sum);

        double avgRating = before.avgRating();
        long ratingCount = before.ratingCount();
        if (event.hasRating()) {
            avgRating = (avgRating * ratingCount + event.rating()) / (ratingCount + 1);
            ratingCount++;
        }

        Map<String, Double> genres = before.genreScores();
        double w = weights.weight(event.type(), event.rating());
        if (w != 0.0 && !itemGenres.isEmpty()) {
            genres = new HashMap<>(genres);
            for (String genre : itemGenres) {
                genres.merge(genre, w, Double::sum);
            }
        }

        boolean first = before.totalInteractions() == 0;
        long firstAt = first ? event.timestamp() : Math.min(before.firstInteraction(), event.timestamp());
        boolean latest = first || event.timestamp() >= before.lastInteraction();
        long lastAt = latest ? event.timestamp() : before.lastInteraction();
        String lastSession = latest ? event.sessionId() : before.lastSessionId();

        return new UserProfile(before.userId(), before.totalInteractions() + 1, counts, avgRating, ratingCount,
                genres, firstAt, lastAt, before.sessionCount() + (newSession ? 1 : 0), lastSession);
    }
}
