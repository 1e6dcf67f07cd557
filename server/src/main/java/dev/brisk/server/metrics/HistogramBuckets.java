package dev.brisk.server.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.Arrays;

/**
 * Gives every timer and distribution summary of the registry fixed histogram buckets, so that
 * {@code /metrics} shows Prometheus histograms ({@code _bucket{le=...}}) — which, unlike
 * per-process percentiles, can be summed across instances before a quantile is taken. A meter
 * that chose its own buckets keeps them. Applied as a filter so that meters added later (anywhere
 * in the process) get them too.
 */
final class HistogramBuckets implements MeterFilter {
    /** From a memory cache hit (sub-millisecond) to a slow freshness span (a minute), in milliseconds. */
    static final double[] LATENCY_MILLIS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500,
            5_000, 10_000, 30_000, 60_000};
    /** Sizes and counts: 1, 2, 5, 10, ... up to ten million. */
    static final double[] SIZES = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
            100_000, 1_000_000, 10_000_000};

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        double[] chosen = config.getServiceLevelObjectiveBoundaries();
        if (chosen != null && chosen.length > 0) {
            return config;
        }
        double[] buckets;
        if (id.getType() == Meter.Type.TIMER) {
            // A timer's boundaries are in nanoseconds.
            buckets = Arrays.stream(LATENCY_MILLIS).map(ms -> ms * 1_000_000).toArray();
        } else if (id.getType() == Meter.Type.DISTRIBUTION_SUMMARY) {
            buckets = SIZES;
        } else {
            return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build().merge(config);
    }
}
