package dev.brisk.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Every model's state, the default model, the last training run and which instance trains. */
public record Models(@JsonProperty("default") String defaultModel, List<ModelStatus> models, Map<String, Object> lastRun,
        Long eventsSinceTraining, Map<String, Object> trainer) {
}
