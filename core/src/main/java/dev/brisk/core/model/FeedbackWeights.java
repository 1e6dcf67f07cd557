package dev.brisk.core.model;

import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import java.util.Map;

/**
 * How much each interaction says about a preference. Ratings are centred so that low ratings
 * count against an item; impressions and retired types never count.
 */
public final class FeedbackWeights {
    /** Ratings below this value are negative feedback, above it positive. */
    public static final double NEUTRAL_RATING = 2.5;

    /** The types weighed here by ordinal, so that a type of another vocabulary is not mistaken for one. */
    private final EventType[] types;
    private final double[] byType;

    private FeedbackWeights(EventTypes vocabulary, Map<EventType, Double> weights) {
        int size = vocabulary.all().size();
        for (EventType type : weights.keySet()) {
            size = Math.max(size, type.ordinal() + 1);
        }
        types = new EventType[size];
        byType = new double[size];
        for (EventType type : vocabulary.all()) {
            types[type.ordinal()] = type;
            byType[type.ordinal()] = type.defaultWeight();
        }
        weights.forEach((type, weight) -> {
            if (type.ordinal() >= 0) {
                types[type.ordinal()] = type;
                byType[type.ordinal()] = weight;
            }
        });
        byType[EventType.IMPRESSION.ordinal()] = 0.0;
    }

    public static FeedbackWeights defaults() {
        return new FeedbackWeights(EventTypes.BUILT_IN, Map.of());
    }

    /** Weights with some types overridden; impressions stay at zero whatever is asked. */
    public static FeedbackWeights of(Map<EventType, Double> overrides) {
        return of(EventTypes.BUILT_IN, overrides);
    }

    /** Weights for a vocabulary: each type's default unless overridden; impressions stay at zero. */
    public static FeedbackWeights of(EventTypes vocabulary, Map<EventType, Double> overrides) {
        return new FeedbackWeights(vocabulary, Map.copyOf(overrides));
    }

    /** The signed weight of one interaction. */
    public double weight(EventType type, double rating) {
        if (type == EventType.RATING) {
            return Double.isNaN(rating) ? 0.0 : (rating - NEUTRAL_RATING) * byType[EventType.RATING.ordinal()];
        }
        int at = type.ordinal();
        if (at >= 0 && at < byType.length && type.equals(types[at])) {
            return byType[at];
        }
        return type.isPreference() ? type.defaultWeight() : 0.0;
    }

    public Map<String, Double> asMap() {
        Map<String, Double> map = new java.util.LinkedHashMap<>();
        for (int at = 0; at < types.length; at++) {
            if (types[at] != null) {
                map.put(types[at].wireName(), byType[at]);
            }
        }
        return map;
    }
}
