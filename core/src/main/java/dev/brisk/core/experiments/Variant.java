package dev.brisk.core.experiments;

import java.util.Map;

/**
 * One arm of an experiment: a name, the model it serves, its share of users (a positive weight of
 * any scale) and the model's parameters for this arm (empty for the model's own).
 */
public record Variant(String name, String model, double weight, Map<String, Object> params) {
    public Variant {
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
