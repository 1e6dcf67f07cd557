package dev.brisk.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.model.FeedbackWeights;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileAggregatorTest {
    private static final long T0 = 1_717_243_200_000L;
    private static final List<String> NO_GENRES = List.of();

    private final ProfileAggregator aggregator = new ProfileAggregator(FeedbackWeights.defaults());

    private static Event event(EventType type, long time) {
        return new Event(null, "u1", "i1", type, Double.NaN, time, null, null, null);
    }

    private static Event event(EventType type, long time, String session) {
        return new Event(null, "u1", "i1", type, Double.NaN, time, session, null, null);
    }

    private static Event rating(double value, long time) {
        return new Event(null, "u1", "i1", EventType.RATING, value, time, null, null, null);
    }

    private UserProfile apply(UserProfile before, Event e, List<String> genres) {
        return aggregator.apply(before, e, genres, false);
    }

    @Test
    void emptyProfile() {
        UserProfile p = UserProfile.empty("u1");
        assertThat(p.userId()).isEqualTo("u1");
        assertThat(p.totalInteractions()).isZero();
        assertThat(p.count("view")).isZero();
        assertThat(p.favoriteGenres(5)).isEmpty();
        assertThat(p.lastSessionId()).isNull();
    }

    @Test
    void countsPerType() {
        UserProfile p = UserProfile.empty("u1");
        p = apply(p, event(EventType.VIEW, T0), NO_GENRES);
        p = apply(p, event(EventType.VIEW, T0 + 1), NO_GENRES);
        p = apply(p, event(EventType.CLICK, T0 + 2), NO_GENRES);
        p = apply(p, event(EventType.IMPRESSION, T0 + 3), NO_GENRES);
        p = apply(p, event(EventType.ADD_TO_CART, T0 + 4), NO_GENRES);
        assertThat(p.userId()).isEqualTo("u1");
        assertThat(p.totalInteractions()).isEqualTo(5);
        assertThat(p.count("view")).isEqualTo(2);
        assertThat(p.count("click")).isEqualTo(1);
        assertThat(p.count("impression")).isEqualTo(1);
        assertThat(p.count("add_to_cart")).isEqualTo(1);
        assertThat(p.count("purchase")).isZero();
        assertThat(p.countsByType()).hasSize(4);
    }

    @Test
    void applyDoesNotChangeTheProfileBefore() {
        UserProfile before = apply(UserProfile.empty("u1"), event(EventType.VIEW, T0), List.of("Drama"));
        UserProfile after = apply(before, event(EventType.LIKE, T0 + 1), List.of("Drama"));
        assertThat(before.count("like")).isZero();
        assertThat(before.totalInteractions()).isEqualTo(1);
        assertThat(before.genreScores()).containsEntry("Drama", 1.0);
        assertThat(after.genreScores()).containsEntry("Drama", 5.0);
    }

    @Test
    void averageRatingOverSeveralRatings() {
        UserProfile p = UserProfile.empty("u1");
        p = apply(p, rating(4.0, T0), NO_GENRES);
        assertThat(p.avgRating()).isEqualTo(4.0);
        assertThat(p.ratingCount()).isEqualTo(1);
        p = apply(p, event(EventType.VIEW, T0 + 1), NO_GENRES);
        p = apply(p, rating(5.0, T0 + 2), NO_GENRES);
        p = apply(p, rating(1.5, T0 + 3), NO_GENRES);
        assertThat(p.ratingCount()).isEqualTo(3);
        assertThat(p.avgRating()).isCloseTo((4.0 + 5.0 + 1.5) / 3, within(1e-9));
        assertThat(p.count("rating")).isEqualTo(3);
        assertThat(p.totalInteractions()).isEqualTo(4);
    }

    @Test
    void genreScoresSumWeightsPerGenre() {
        UserProfile p = UserProfile.empty("u1");
        p = apply(p, event(EventType.PURCHASE, T0), List.of("Drama", "Comedy"));
        p = apply(p, event(EventType.CLICK, T0 + 1), List.of("Drama"));
        p = apply(p, rating(4.5, T0 + 2), List.of("Comedy"));
        assertThat(p.genreScores()).containsOnlyKeys("Drama", "Comedy");
        assertThat(p.genreScores().get("Drama")).isCloseTo(5.0 + 2.0, within(1e-9));
        assertThat(p.genreScores().get("Comedy")).isCloseTo(5.0 + (4.5 - 2.5), within(1e-9));
    }

    @Test
    void impressionsAndNeutralRatingsDoNotChangeGenres() {
        UserProfile p = UserProfile.empty("u1");
        p = apply(p, event(EventType.IMPRESSION, T0), List.of("Drama"));
        p = apply(p, rating(2.5, T0 + 1), List.of("Drama"));
        assertThat(p.genreScores()).isEmpty();
        assertThat(p.totalInteractions()).isEqualTo(2);
    }

    @Test
    void favoriteGenresAreRankedAndNegativeSignalsLowerAGenre() {
        UserProfile p = UserProfile.empty("u1");
        p = apply(p, event(EventType.PURCHASE, T0), List.of("Drama"));        // Drama 5
        p = apply(p, event(EventType.LIKE, T0 + 1), List.of("Horror"));       // Horror 4
        p = apply(p, event(EventType.CLICK, T0 + 2), List.of("Comedy"));      // Comedy 2
        assertThat(p.favoriteGenres(10)).containsExactly("Drama", "Horror", "Comedy");

        p = apply(p, event(EventType.DISLIKE, T0 + 3), List.of("Drama"));     // Drama 1
        assertThat(p.genreScores().get("Drama")).isCloseTo(1.0, within(1e-9));
        assertThat(p.favoriteGenres(10)).containsExactly("Horror", "Comedy", "Drama");
        assertThat(p.favoriteGenres(2)).containsExactly("Horror", "Comedy");

        p = apply(p, rating(0.5, T0 + 4), List.of("Comedy"));                 // Comedy 0
        p = apply(p, event(EventType.DISLIKE, T0 + 5), List.of("Jazz"));      // Jazz -4
        assertThat(p.genreScores()).containsEntry("Jazz", -4.0);
        assertThat(p.genreScores().get("Comedy")).isCloseTo(0.0, within(1e-9));
        assertThat(p.favoriteGenres(10)).containsExactly("Horror", "Drama");
    }

    @Test
    void favoriteGenreTiesAreBrokenByName() {
        UserProfile p = UserProfile.empty("u1");
        p = apply(p, event(EventType.CLICK, T0), List.of("Zydeco", "Ambient"));
        assertThat(p.favoriteGenres(5)).containsExactly("Ambient", "Zydeco");
    }

    @Test
    void firstAndLastInteractionWithOutOfOrderEvents() {
        UserProfile p = UserProfile.empty("u1");
        p = apply(p, event(EventType.VIEW, T0 + 5_000), NO_GENRES);
        assertThat(p.firstInteraction()).isEqualTo(T0 + 5_000);
        assertThat(p.lastInteraction()).isEqualTo(T0 + 5_000);

        p = apply(p, event(EventType.VIEW, T0), NO_GENRES);                  // older, arrives late
        assertThat(p.firstInteraction()).isEqualTo(T0);
        assertThat(p.lastInteraction()).isEqualTo(T0 + 5_000);

        p = apply(p, event(EventType.VIEW, T0 + 9_000), NO_GENRES);
        p = apply(p, event(EventType.VIEW, T0 + 2_000), NO_GENRES);          // in between
        assertThat(p.firstInteraction()).isEqualTo(T0);
        assertThat(p.lastInteraction()).isEqualTo(T0 + 9_000);
    }

    @Test
    void lastSessionIdFollowsTheLatestEventOnly() {
        UserProfile p = UserProfile.empty("u1");
        p = apply(p, event(EventType.VIEW, T0 + 1_000, "s-b"), NO_GENRES);
        assertThat(p.lastSessionId()).isEqualTo("s-b");

        p = apply(p, event(EventType.VIEW, T0, "s-a"), NO_GENRES);            // older event: no change
        assertThat(p.lastSessionId()).isEqualTo("s-b");

        p = apply(p, event(EventType.VIEW, T0 + 1_000, "s-c"), NO_GENRES);    // same time as latest: counts
        assertThat(p.lastSessionId()).isEqualTo("s-c");

        p = apply(p, event(EventType.VIEW, T0 + 2_000, "s-d"), NO_GENRES);
        assertThat(p.lastSessionId()).isEqualTo("s-d");
    }

    @Test
    void sessionCountIncrementsOnlyForNewSessions() {
        UserProfile p = UserProfile.empty("u1");
        p = aggregator.apply(p, event(EventType.VIEW, T0, "s1"), NO_GENRES, true);
        assertThat(p.sessionCount()).isEqualTo(1);
        p = aggregator.apply(p, event(EventType.VIEW, T0 + 1, "s1"), NO_GENRES, false);
        p = aggregator.apply(p, event(EventType.CLICK, T0 + 2, "s1"), NO_GENRES, false);
        assertThat(p.sessionCount()).isEqualTo(1);
        p = aggregator.apply(p, event(EventType.VIEW, T0 + 3, "s2"), NO_GENRES, true);
        assertThat(p.sessionCount()).isEqualTo(2);
        assertThat(p.totalInteractions()).isEqualTo(4);
    }

    @Test
    void customWeightsAreUsedForGenres() {
        ProfileAggregator custom = new ProfileAggregator(
                FeedbackWeights.of(java.util.Map.of(EventType.VIEW, 0.5, EventType.RATING, 2.0)));
        UserProfile p = UserProfile.empty("u1");
        p = custom.apply(p, event(EventType.VIEW, T0), List.of("Drama"), false);
        p = custom.apply(p, rating(4.0, T0 + 1), List.of("Drama"), false);
        assertThat(p.genreScores().get("Drama")).isCloseTo(0.5 + (4.0 - 2.5) * 2.0, within(1e-9));
    }
}
