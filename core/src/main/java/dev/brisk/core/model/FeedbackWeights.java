package dev.brisk.core.model;

import dev.brisk.core.event.EventType;
import java.util.Map;

/**
 * How much each interaction says about a preference. Ratings are centred so that low ratings
 * count against an item; impressions never count.
 */
public final class FeedbackWeights {
    /** Ratings below this value are negative feedback, above it positive. */
    public static final double NEUTRAL_RATING = 2.5;

    private final double[] byType = new double[EventType.values().length];

    private FeedbackWeights(Map<EventType, Double> weights) {
        for (EventType type : EventType.values()) {
            byType[type.ordinal()] = weights.getOrDefault(type, type.defaultWeight());
        }
        byType[EventType.IMPRESSION.ordinal()] = 0.0;
    }

    public static FeedbackWeights defaults() {
        return new FeedbackWeights(Map.of());
    }

    /** Weights with some types overridden; impressions stay at zero whatever is asked. */
    public static FeedbackWeights of(Map<EventType, Double> overrides) {
        return new FeedbackWeights(Map.copyOf(overrides));
    }

    /** The signed weight of one interaction. */
    public double weight(EventType type, double rating) {
        if (type == EventType.RATING) {
            return Double.isNaN(rating) ? 0.0 : (rating - NEUTRAL_RATING) * byType[EventType.RATING.ordinal()];
        }
        return byType[type.ordinal()];
    }

    public Map<String, Double> asMap() {
        Map<String, Double> map = new java.util.LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            map.put(type.wireName(), byType[type.ordinal()]);
        }
        return map;
    }
}
