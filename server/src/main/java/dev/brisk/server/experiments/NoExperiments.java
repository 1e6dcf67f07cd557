package dev.brisk.server.experiments;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The directory of a Brisk that runs no A/B experiments yet: none exist, nobody is assigned. */
public final class NoExperiments implements ExperimentDirectory {

    @Override
    public List<Map<String, Object>> all() {
        return List.of();
    }

    @Override
    public Optional<String> variantOf(String experimentId, String userId) {
        return Optional.empty();
    }

    @Override
    public String unavailableReason() {
        return "This version of Brisk runs no A/B experiments, so there are none and no user is assigned to one";
    }
}
