package dev.brisk.server.experiments;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the experiment reads of the API answer from: the experiments that exist and which variant
 * a user is in. {@link NoExperiments} answers until Brisk runs A/B experiments; the service that
 * runs them implements this and is wired in its place in the composition root.
 */
public interface ExperimentDirectory {

    /** Every experiment, as its API shows it. */
    List<Map<String, Object>> all();

    /** The variant a user is assigned to; empty when the experiment does not exist or the user is not in it. */
    Optional<String> variantOf(String experimentId, String userId);

    /** Why there are no experiments to show (said to clients with an empty answer), or null when they exist. */
    String unavailableReason();
}
