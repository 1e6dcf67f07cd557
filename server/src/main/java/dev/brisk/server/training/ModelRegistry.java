package dev.brisk.server.training;

import dev.brisk.core.model.Recommender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The models being served, one atomic reference per model type: a retrained model replaces the
 * old one whole, and readers see either the old or the new one, never a half-built one.
 */
public final class ModelRegistry {
    private final Map<String, AtomicReference<Recommender>> served = new LinkedHashMap<>();
    private final String defaultType;
    private final UnaryOperator<Recommender> prepare;

    /** A registry that serves models as they are published. */
    public ModelRegistry(List<String> types, String defaultType) {
        this(types, defaultType, UnaryOperator.identity());
    }

    /**
     * {@code prepare} readies a published model for serving (such as {@link CandidateIndexes}); it
     * runs on the publishing thread, before the model is swapped in.
     */
    public ModelRegistry(List<String> types, String defaultType, UnaryOperator<Recommender> prepare) {
        this.prepare = prepare;
        for (String type : types) {
            served.put(type, new AtomicReference<>());
        }
        if (!served.containsKey(defaultType)) {
            throw new IllegalArgumentException("BRISK_DEFAULT_MODEL must be one of " + types + ", got " + defaultType);
        }
        this.defaultType = defaultType;
    }

    public List<String> types() {
        return List.copyOf(served.keySet());
    }

    public String defaultType() {
        return defaultType;
    }

    public boolean knows(String type) {
        return served.containsKey(type);
    }

    /** The current model of a type, empty until its first training finished. */
    public Optional<Recommender> get(String type) {
        AtomicReference<Recommender> ref = served.get(type);
        return ref == null ? Optional.empty() : Optional.ofNullable(ref.get());
    }

    /**
     * Publishes a model unless the one served is newer (a version read from the model store can
     * arrive after this instance trained a later one itself). True when published.
     */
    public boolean publishIfNewer(Recommender model) {
        AtomicReference<Recommender> ref = served.get(model.type());
        if (ref == null) {
            return false;
        }
        Recommender served = ref.get();
        if (served != null && served.info().trainedAt() > model.info().trainedAt()) {
            return false; // refused before readying it: a large catalog's index takes seconds to build
        }
        Recommender ready = prepare.apply(model);
        Recommender previous = ref.getAndUpdate(old -> old != null && old.info().trainedAt() > model.info().trainedAt()
                ? old : ready);
        return previous == null || previous.info().trainedAt() <= model.info().trainedAt();
    }

    public void publish(Recommender model) {
        AtomicReference<Recommender> ref = served.get(model.type());
        if (ref == null) {
            throw new IllegalArgumentException("Unknown model type " + model.type());
        }
        ref.set(prepare.apply(model));
    }
}
