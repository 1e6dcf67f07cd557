package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FeedbackWeightsTest {

    @ParameterizedTest
    @MethodSource("dev.brisk.core.event.EventTypeTest#builtInsButRating")
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
        Map<EventType, Double> overrides = new HashMap<>();
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
        assertThat(map).hasSize(EventType.builtIns().size());
        assertThat(map).containsEntry("view", 1.0).containsEntry("dislike", -4.0)
                .containsEntry("add_to_cart", 3.0).containsEntry("rating", 1.0).containsEntry("impression", 0.0);
    }

    @Test
    void declaredTypesWeighLikeAViewUnlessGivenAWeight() {
        EventTypes types = EventTypes.declaring(java.util.List.of("star", "share"));
        EventType star = types.fromWire("star").orElseThrow();
        EventType share = types.fromWire("share").orElseThrow();
        FeedbackWeights w = FeedbackWeights.of(types, Map.of(star, 3.0, EventType.VIEW, 0.5));
        assertThat(w.weight(star, Double.NaN)).isEqualTo(3.0);
        assertThat(w.weight(share, Double.NaN)).isEqualTo(EventType.DECLARED_DEFAULT_WEIGHT);
        assertThat(w.weight(EventType.VIEW, Double.NaN)).isEqualTo(0.5);
        assertThat(w.weight(EventType.PURCHASE, Double.NaN)).isEqualTo(5.0);
        assertThat(w.asMap()).containsEntry("star", 3.0).containsEntry("share", 1.0).hasSize(10);
    }

    @Test
    void aRetiredTypeOrATypeOfAnotherVocabularyIsNotMistakenForADeclaredOne() {
        EventTypes types = EventTypes.declaring(java.util.List.of("star"));
        FeedbackWeights w = FeedbackWeights.of(types, Map.of(types.fromWire("star").orElseThrow(), 3.0));
        assertThat(w.weight(types.fromStored("gone"), Double.NaN)).isZero();
        EventType otherAtTheSameOrdinal = EventTypes.declaring(java.util.List.of("share")).fromWire("share").orElseThrow();
        assertThat(w.weight(otherAtTheSameOrdinal, Double.NaN)).isEqualTo(EventType.DECLARED_DEFAULT_WEIGHT);
    }
}
