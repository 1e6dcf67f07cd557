package dev.brisk.server.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The results of an experiment as {@code GET /experiments/{id}/results} answers them. Numbers that
 * cannot be computed yet (no users, one user) are null rather than made up.
 */
public record ExperimentResults(String experimentId, String name, String status, String primaryMetric,
                                String startedAt, String stoppedAt, List<VariantResults> variants, Srm srm,
                                Mde minimumDetectableEffect, String verdict, String decision,
                                Map<String, String> methods, String computedAt) {

    /** A rate with its 95% interval computed over users. */
    public record Metric(Double value, List<Double> ci95) {
    }

    /** A treatment's difference from the control on the primary metric. */
    public record Lift(String metric, Double absolute, List<Double> absoluteCi95, Double relative,
                       List<Double> relativeCi95) {
    }

    public record VariantResults(String name, String model, double weight, boolean control, long usersExposed,
                                 long lists, long clicks, long purchases, long purchasers, Metric ctr, Metric conversion,
                                 Lift lift, Double pValue, Boolean significant,
                                 @JsonProperty("sequential_p_value") Double sequentialPValue,
                                 Boolean sequentialSignificant) {
    }

    public record Srm(Double chiSquare, int degreesOfFreedom, Double pValue, List<Long> observedUsers,
                      List<Double> expectedUsers, boolean warning, String message) {
    }

    public record Mde(String metric, Double absolute, Double relative, long usersPerArm, double alpha, double power) {
    }

    /** The figures of every variant at points in time, each cumulative from the start (for charts). */
    public record Timeline(String experimentId, String primaryMetric, long bucketSeconds, List<Point> points) {
    }

    public record Point(String at, List<PointVariant> variants) {
    }

    public record PointVariant(String name, long users, long lists, Metric ctr, Metric conversion) {
    }
}
