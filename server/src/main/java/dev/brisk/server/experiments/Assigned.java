package dev.brisk.server.experiments;

import dev.brisk.core.experiments.Variant;

/** A user's place in the running experiment: the experiment and the variant that serves them. */
public record Assigned(String experimentId, Variant variant) {
}
