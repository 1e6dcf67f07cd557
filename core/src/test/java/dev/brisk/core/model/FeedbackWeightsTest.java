package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.event.EventType;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FeedbackWeightsTest {

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = "RATING", mode = EnumSource.Mode.EXCLUDE)
    void defaultsAreTheTypesDefaultWeights(EventType type) {
        assertThat(FeedbackWeights.defaults().weight(type, Double.NaN)).isEqualTo(type.defaultWeight());
    }

    @Test
    void defaultValues() {
        FeedbackWeights w = FeedbackWeights.defaults();
        assertThat(w.weight(EventType.VIEW, Double.NaN)).isEqualTo(1.0);
        assertThat(w.weight(EventType.CLICK, Double.NaN)).isEqualTo(2.0);
        assertThat(w.weight(EventType.ADD_TO_CART, Double.NaN)).isEqualTo(3.0);
        assertThat(w.weight(EventType.LIKE, Double.NaN)).isEqualTo(4.0);
        assertThat(w.weight(EventType.PURCHASE, Double.NaN)).isEqualTo(5.0);
        assertThat(w.weight(EventType.DISLIKE, Double.NaN)).isEqualTo(-4.0);
        assertThat(w.weight(EventType.IMPRESSION, Double.NaN)).isZero();
    }

    @Test
    void overridesReplaceOnlyTheGivenTypes() {
        FeedbackWeights w = FeedbackWeights.of(Map.of(EventType.VIEW, 0.25, EventType.DISLIKE, -10.0));
        assertThat(w.weight(EventType.VIEW, Double.NaN)).isEqualTo(0.25);
        assertThat(w.weight(EventType.DISLIKE, Double.NaN)).isEqualTo(-10.0);
        assertThat(w.weight(EventType.CLICK, Double.NaN)).isEqualTo(2.0);
        assertThat(w.weight(EventType.PURCHASE, Double.NaN)).isEqualTo(5.0);
    }

    @Test
    void impressionsAreAlwaysZeroEvenWhenOverridden() {
        Map<EventType, Double> overrides = new EnumMap<>(EventType.class);
        overrides.put(EventType.IMPRESSION, 3.0);
        FeedbackWeights w = FeedbackWeights.of(overrides);
        assertThat(w.weight(EventType.IMPRESSION, Double.NaN)).isZero();
        assertThat(w.weight(EventType.IMPRESSION, 5.0)).isZero();
        assertThat(w.asMap()).containsEntry("impression", 0.0);
    }

    @Test
    void ratingsAreCentredSoLowRatingsAreNegative() {
        FeedbackWeights w = FeedbackWeights.defaults();
        assertThat(w.weight(EventType.RATING, 5.0)).isCloseTo(2.5, within(1e-12));
        assertThat(w.weight(EventType.RATING, 4.0)).isCloseTo(1.5, within(1e-12));
        assertThat(w.weight(EventType.RATING, FeedbackWeights.NEUTRAL_RATING)).isZero();
        assertThat(w.weight(EventType.RATING, 1.0)).isCloseTo(-1.5, within(1e-12));
        assertThat(w.weight(EventType.RATING, 0.5)).isCloseTo(-2.0, within(1e-12));
        assertThat(w.weight(EventType.RATING, Double.NaN)).isZero();
    }

    @Test
    void ratingWeightScalesTheCentredRating() {
        FeedbackWeights w = FeedbackWeights.of(Map.of(EventType.RATING, 2.0));
        assertThat(w.weight(EventType.RATING, 5.0)).isCloseTo(5.0, within(1e-12));
        assertThat(w.weight(EventType.RATING, 1.5)).isCloseTo(-2.0, within(1e-12));
        assertThat(w.asMap()).containsEntry("rating", 2.0);
    }

    @Test
    void asMapListsEveryTypeByWireName() {
        Map<String, Double> map = FeedbackWeights.defaults().asMap();
        assertThat(map).hasSize(EventType.values().length);
        assertThat(map).containsEntry("view", 1.0).containsEntry("dislike", -4.0)
                .containsEntry("add_to_cart", 3.0).containsEntry("rating", 1.0).containsEntry("impression", 0.0);
    }
}
