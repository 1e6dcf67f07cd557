package dev.brisk.core.experiments;

import java.util.List;

/**
 * An A/B experiment as stored: its variants (the first is the control), the metric it is judged
 * on ("ctr" or "conversion"), whether it runs, and when it started and stopped (epoch ms; 0 while
 * running).
 */
public record Experiment(String id, String name, String description, String primaryMetric, List<Variant> variants,
                         String status, long startedAt, long stoppedAt) {
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    public Experiment {
        variants = List.copyOf(variants);
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    public Variant control() {
        return variants.get(0);
    }

    /** The variant a user is in: deterministic from the experiment's id and the user's. */
    public Variant variantOf(String userId) {
        double[] weights = variants.stream().mapToDouble(Variant::weight).toArray();
        return variants.get(Assignment.variant(id, userId, weights));
    }

    public Experiment stopped(long at) {
        return new Experiment(id, name, description, primaryMetric, variants, STOPPED, startedAt, at);
    }
}
