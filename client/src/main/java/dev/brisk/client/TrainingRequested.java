package dev.brisk.client;

/** The answer to a training request: whether a run started now or was queued behind the one in progress. */
public record TrainingRequested(String type, boolean started, String message, Boolean queued) {
}
