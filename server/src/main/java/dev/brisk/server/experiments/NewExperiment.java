package dev.brisk.server.experiments;

import dev.brisk.core.experiments.Variant;
import java.util.List;

/**
 * A request for a new experiment as parsed from the API: {@code id} is null for a generated one,
 * and {@code parseProblems} says what could not even be read (a weight that is not a number...).
 */
public record NewExperiment(String id, String name, String description, String primaryMetric, List<Variant> variants,
                            List<String> parseProblems) {
}
