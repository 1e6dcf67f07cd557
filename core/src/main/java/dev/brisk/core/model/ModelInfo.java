package dev.brisk.core.model;

import java.util.Map;

/**
 * What is known about one trained model: its type, its version (unique per training run), when
 * it was trained, how long that took, how much data it saw and the parameters it used.
 */
public record ModelInfo(String type, String version, long trainedAt, long trainingMillis,
                        int users, int items, int interactions, Map<String, Object> parameters) {

    public ModelInfo {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
