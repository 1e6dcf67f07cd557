package dev.brisk.client;

import java.util.List;

/** The experiments, and the id of the running one (null when none runs). */
public record ExperimentList(List<Experiment> experiments, int totalExperiments, String message, String running) {
}
