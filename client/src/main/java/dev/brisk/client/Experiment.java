package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An A/B experiment: running or stopped, its primary metric and its variants (the first is the control). */
public record Experiment(String experimentId, String name, String description, String status, String primaryMetric,
                         Instant startedAt, Instant stoppedAt, List<Variant> variants) {

    /** A variant with its weight, its share of users and whether it is the control. */
    public record Variant(String name, String model, double weight, double share, Map<String, Object> params,
                          boolean control) {
    }
}
