package dev.brisk.client;

import java.time.Instant;
import java.util.List;

/** An experiment's rates at evenly spaced moments since it started. */
public record ExperimentTimeline(String experimentId, String primaryMetric, long bucketSeconds, List<Point> points) {

    /** The figures of every variant counting the lists served up to {@code at}. */
    public record Point(Instant at, List<VariantPoint> variants) {
    }

    public record VariantPoint(String name, long users, long lists, ExperimentResults.Metric ctr,
                               ExperimentResults.Metric conversion) {
    }
}
