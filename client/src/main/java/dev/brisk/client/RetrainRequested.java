package dev.brisk.client;

import java.util.List;

/** The answer to retraining every model: whether the run started now or was queued, and how many events are new. */
public record RetrainRequested(boolean started, boolean queued, List<String> models, long bufferSize, String message) {
}
