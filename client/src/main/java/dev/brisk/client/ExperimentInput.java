package dev.brisk.client;

import java.util.List;
import java.util.Map;

/**
 * A new A/B experiment: the first variant is the control; {@code primaryMetric} is ctr or
 * conversion; {@code experimentId} may be null (the service makes one).
 */
public record ExperimentInput(String experimentId, String name, String description, String primaryMetric,
                              List<Variant> variants) {

    public ExperimentInput {
        variants = List.copyOf(variants);
    }

    /** A variant: a model and its share of users relative to the others' weights; {@code params} may be null. */
    public record Variant(String name, String model, double weight, Map<String, Object> params) {
        public static Variant of(String name, String model) {
            return new Variant(name, model, 1, null);
        }
    }
}
