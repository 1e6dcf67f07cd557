package dev.brisk.server.training;

import dev.brisk.core.model.FactorIndex;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.Workers;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies ALS and the hybrid of a large catalog for serving: from {@code minItems} items on (0:
 * never), they get an approximate index of the ALS item factors and score a user's candidates
 * from it instead of every item. The index is built by the thread that publishes the model (the
 * trainer's, or the one that loads a stored model), before the model is swapped in, never on the
 * request path; it is not stored with the model but built again when a model is loaded. ALS and
 * the hybrid made from it share one index. The graph is built by the threads of the {@link Workers}
 * in use: every core while the instance starts (nothing is served yet), then the training threads.
 */
public final class CandidateIndexes implements UnaryOperator<Recommender> {
    private static final Logger log = LoggerFactory.getLogger(CandidateIndexes.class);

    private final int minItems;
    private volatile Workers workers;
    /** The ALS model the last index was built for (guarded by this), and that index. */
    private ImplicitAls builtFor;
    private FactorIndex built;

    public CandidateIndexes(int minItems, Workers workers) {
        this.minItems = minItems;
        this.workers = workers;
    }

    /** The threads that build the indexes from now on. */
    public void buildWith(Workers other) {
        workers = other;
    }

    @Override
    public Recommender apply(Recommender model) {
        if (model instanceof ImplicitAls als && wanted(als)) {
            return als.withCandidates(indexOf(als));
        }
        if (model instanceof Hybrid hybrid && wanted(hybrid.als())) {
            return hybrid.withCandidates(indexOf(hybrid.als()));
        }
        return model;
    }

    private boolean wanted(ImplicitAls als) {
        return minItems > 0 && als.index().size() >= minItems && !als.servesFromCandidates();
    }

    private synchronized FactorIndex indexOf(ImplicitAls als) {
        if (builtFor != als) {
            Workers threads = workers;
            built = als.buildCandidateIndex(threads);
            builtFor = als;
            log.info("Built the candidate index of ALS {} over {} items in {} ms on {} thread(s)", als.info().version(),
                    built.size(), built.buildMillis(), threads.threads());
        }
        return built;
    }
}
