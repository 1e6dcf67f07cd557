package dev.brisk.client;

import java.time.Instant;
import java.util.Map;

/**
 * The trainer's state: events stored since the last run ({@code bufferSize}), runs done since the
 * instance started, when the last one published, the retraining thresholds, each model's version.
 */
public record LearningStats(long bufferSize, long updatesDone, Instant lastUpdate, long updateAfterEvents,
                            long updateIntervalSeconds, Map<String, String> modelVersions, Map<String, Object> lastRun) {
}
