package dev.brisk.client;

import java.time.Instant;
import java.util.List;

/** One stored training run: the version and models it trained, when and how fast, on how much data, by which instance. */
public record TrainingRun(String version, List<String> models, Instant finishedAt, long trainingMs, long interactions,
                          long users, long items, String trainedBy, long snapshotId) {
}
