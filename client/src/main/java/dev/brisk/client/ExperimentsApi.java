package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code /experiments}: start, list, read, stop, results, timeline. */
public final class ExperimentsApi {
    private final Transport transport;

    ExperimentsApi(Transport transport) {
        this.transport = transport;
    }

    public ExperimentList list() {
        return transport.send(Call.get("/experiments"), ExperimentList.class);
    }

    /** Starts an experiment (one runs at a time: 409, a {@link BriskValidationException}, while another does). */
    public Experiment start(ExperimentInput input) {
        return transport.send(Call.post("/experiments", input, false), Experiment.class);
    }

    public Experiment get(String experimentId) {
        return transport.send(Call.get(path(experimentId)), Experiment.class);
    }

    /** Stops an experiment; stopping a stopped one changes nothing, so this is retried like a read. */
    public Experiment stop(String experimentId) {
        return transport.send(Call.post(path(experimentId) + "/stop", null, true), Experiment.class);
    }

    public ExperimentResults results(String experimentId) {
        return transport.send(Call.get(path(experimentId) + "/results"), ExperimentResults.class);
    }

    /** The rates at {@code points} moments since the start (null: 12). */
    public ExperimentTimeline timeline(String experimentId, Integer points) {
        JsonNode answer = transport.json(Call.get(new Call.Path(path(experimentId) + "/timeline")
                .param("points", points).toString()));
        return Json.read(answer, ExperimentTimeline.class);
    }

    private static String path(String experimentId) {
        return "/experiments/" + Call.segment(experimentId);
    }
}
