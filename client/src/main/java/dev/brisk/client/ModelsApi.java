package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code /models}: every model's state; retraining one or all; the trainer's state and its past runs. */
public final class ModelsApi {
    private final Transport transport;

    ModelsApi(Transport transport) {
        this.transport = transport;
    }

    public Models list() {
        return transport.send(Call.get("/models"), Models.class);
    }

    /**
     * Asks for a training run of one model (popular, item_knn, als, content, hybrid); it runs in
     * the background. Not retried after an uncertain failure: a repeat would queue a second run.
     */
    public TrainingRequested train(String type) {
        return transport.send(Call.post("/models/" + Call.segment(type) + "/train", null, false), TrainingRequested.class);
    }

    /** Asks for a training run of every model ({@code POST /learning/trigger-update}); not retried blindly either. */
    public RetrainRequested trainAll() {
        return transport.send(Call.post("/learning/trigger-update", null, false), RetrainRequested.class);
    }

    /** The trainer's state ({@code GET /learning/stats}): events waiting for the next run, runs done, versions. */
    public LearningStats learningStats() {
        return Json.read(transport.json(Call.get("/learning/stats")).path("online_learning"), LearningStats.class);
    }

    /** The stored training runs of every instance on the service's database, newest first; at most {@code limit} (null: 50). */
    public List<TrainingRun> history(Integer limit) {
        JsonNode answer = transport.json(Call.get(new Call.Path("/models/history").param("limit", limit).toString()));
        List<TrainingRun> runs = new ArrayList<>();
        answer.path("runs").forEach(run -> runs.add(Json.read(run, TrainingRun.class)));
        return runs;
    }
}
