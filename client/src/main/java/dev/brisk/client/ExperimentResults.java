package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An experiment's figures per variant, the lift over the control with p-values, the sample-ratio
 * check, and a verdict in plain words ({@code decision} is its machine-readable form).
 */
public record ExperimentResults(String experimentId, String name, String status, String primaryMetric,
                                Instant startedAt, Instant stoppedAt, List<VariantResults> variants,
                                Map<String, Object> srm, Map<String, Object> minimumDetectableEffect,
                                String verdict, String decision, Map<String, String> methods, Instant computedAt) {

    /** One variant's exposure, clicks, purchases, rates and its difference to the control (null for the control). */
    public record VariantResults(String name, String model, double weight, boolean control, long usersExposed,
                                 long lists, long clicks, long purchases, long purchasers, Metric ctr,
                                 Metric conversion, Map<String, Object> lift, Double pValue, Boolean significant,
                                 Double sequentialPValue, Boolean sequentialSignificant) {
    }

    /** A rate and its 95% interval ([low, high]; null while it cannot be computed). */
    public record Metric(Double value, List<Double> ci95) {
    }
}
