package dev.brisk.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/** A model's state; the training figures are present once it has been trained. */
public record ModelStatus(String type, String state, @JsonProperty("default") boolean isDefault, String version, Instant trainedAt,
        Long trainingMs, Long users, Long items, Long interactions, Map<String, Object> parameters, Boolean queued,
        Map<String, Object> progress, Map<String, Object> offlineMetrics) {
}
