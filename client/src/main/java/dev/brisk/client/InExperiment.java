package dev.brisk.client;

/** The A/B experiment a list counts for: its id, the user's variant and the model that variant serves. */
public record InExperiment(String id, String variant, String model) {
}
