package dev.brisk.client;

/** A user's variant in an experiment (null {@code assignedGroup} when they have none) and the model it serves. */
public record ExperimentGroup(String userId, String experimentId, String assignedGroup, String message, String model, String status) {
}
