package dev.brisk.core.training;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.eval.ChronologicalSplit;
import dev.brisk.core.eval.Evaluator;
import dev.brisk.core.eval.ModelMetrics;
import dev.brisk.core.model.ContentModel;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.SequentialRules;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One training run over an interaction log: optionally a validation pass first (a chronological
 * hold-out of a sample of users; the requested models are trained on the rest and evaluated, and
 * the hybrid's weights are tuned), then the models trained on everything, each carrying its
 * validation figures as "offline_metrics". The personal models of one run share one
 * {@link InteractionMatrix} and {@link ItemIndex}, which is what lets the hybrid blend them.
 */
public final class ModelSuite {
    /** Every model type, in the order they are listed. */
    public static final List<String> TYPES = List.of(Popularity.TYPE, ItemKnn.TYPE, ImplicitAls.TYPE,
            ContentModel.TYPE, Hybrid.TYPE);
    static final double HOLDOUT = 0.2;
    static final int MIN_INTERACTIONS = 5;

    /**
     * Everything a run needs. {@code hybridWeights} null means "tune them on the validation split"
     * (defaults when there is none); {@code validationUsers} 0 skips validation; {@code workers}:
     * the threads the run spreads its work over (their owner closes them, not the run).
     */
    public record Params(InteractionMatrix.Settings matrix, double popularHalfLifeDays, ImplicitAls.Params als,
                         ItemKnn.Params itemKnn, ContentModel.Params content, Hybrid.Weights hybridWeights,
                         int validationUsers, Workers workers, long seed) {

        public static Params defaults() {
            return new Params(InteractionMatrix.Settings.defaults(), 7, ImplicitAls.Params.defaults(),
                    ItemKnn.Params.defaults(), ContentModel.Params.defaults(), null, 1000, Workers.single(), 42);
        }

        public Params withWorkers(Workers w) {
            return new Params(matrix, popularHalfLifeDays, als, itemKnn, content, hybridWeights, validationUsers, w,
                    seed);
        }

        public Params withValidationUsers(int n) {
            return new Params(matrix, popularHalfLifeDays, als, itemKnn, content, hybridWeights, n, workers, seed);
        }

        public Params withAls(ImplicitAls.Params p) {
            return new Params(matrix, popularHalfLifeDays, p, itemKnn, content, hybridWeights, validationUsers,
                    workers, seed);
        }

        public Params withItemKnn(ItemKnn.Params p) {
            return new Params(matrix, popularHalfLifeDays, als, p, content, hybridWeights, validationUsers,
                    workers, seed);
        }

        public Params withHybridWeights(Hybrid.Weights w) {
            return new Params(matrix, popularHalfLifeDays, als, itemKnn, content, w, validationUsers, workers, seed);
        }
    }

    /** The trained models by type, and the validation figures of each (empty when not validated). */
    public record Result(Map<String, Recommender> models, Map<String, Map<String, Object>> offlineMetrics,
                         Hybrid.Weights hybridWeights) {

        public Recommender get(String type) {
            Recommender model = models.get(type);
            if (model == null) {
                throw new IllegalArgumentException("No " + type + " model was trained in this run");
            }
            return model;
        }
    }

    private ModelSuite() {
    }

    /** Trains all model types, as of {@code now}. */
    public static Result train(InteractionLog log, Catalog catalog, Params params, TrainingProgress progress, long now) {
        return train(log, catalog, params, Set.copyOf(TYPES), progress, now, now);
    }

    /**
     * Trains the given types (a hybrid brings its parts along), with validation when configured.
     * Ages are measured from {@code now}; the models are versioned by {@code trainedAt}.
     */
    public static Result train(InteractionLog log, Catalog catalog, Params params, Set<String> types,
                               TrainingProgress progress, long now, long trainedAt) {
        Set<String> needed = needed(types);
        Map<String, Map<String, Object>> metrics = new LinkedHashMap<>();
        Hybrid.Weights weights = params.hybridWeights();
        Map<String, Object> tuning = null;
        if (params.validationUsers() > 0) {
            ChronologicalSplit split = ChronologicalSplit.of(log, params.matrix().weights(), HOLDOUT, MIN_INTERACTIONS,
                    params.validationUsers(), params.seed());
            if (!split.users().isEmpty()) {
                Map<String, Recommender> probe = trainModels(split.train(), catalog, params, needed,
                        weights == null ? Hybrid.Weights.defaults() : weights, Map.of(), null,
                        (phase, done, total) -> progress.report("validation " + phase, done, total), split.trainEnd(),
                        trainedAt);
                if (needed.contains(Hybrid.TYPE) && weights == null) {
                    progress.report("tuning hybrid", 0, 1);
                    HybridTuner.Tuning tuned = HybridTuner.tune((Hybrid) probe.get(Hybrid.TYPE), split, catalog,
                            params.workers());
                    weights = tuned.weights();
                    tuning = tuned.asMap();
                    probe.put(Hybrid.TYPE, ((Hybrid) probe.get(Hybrid.TYPE)).withWeights(weights));
                }
                Evaluator evaluator = new Evaluator(params.workers());
                for (String type : needed) {
                    Recommender model = probe.get(type);
                    ModelMetrics m = evaluator.evaluate(model, split, catalog, model.info().trainingMillis(),
                            (phase, done, total) -> progress.report("validation evaluate " + phase, done, total));
                    Map<String, Object> figures = new LinkedHashMap<>(m.asMap());
                    figures.put("split", "validation: last 20% of the interactions of " + split.users().size()
                            + " sampled users, at training time" + (Hybrid.TYPE.equals(type) && tuning != null
                            ? " (the weights were tuned on this split)" : ""));
                    figures.put("evaluated_at", Instant.ofEpochMilli(trainedAt).toString());
                    metrics.put(type, figures);
                }
            }
        }
        if (weights == null) {
            weights = Hybrid.Weights.defaults();
        }
        Map<String, Recommender> models = trainModels(log, catalog, params, needed, weights, metrics, tuning, progress,
                now, trainedAt);
        models.keySet().retainAll(needed);
        return new Result(models, metrics, weights);
    }

    private static Set<String> needed(Set<String> types) {
        Set<String> needed = new LinkedHashSet<>();
        for (String type : TYPES) {
            if (types.contains(type)) {
                needed.add(type);
            }
        }
        for (String type : types) {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("Unknown model type " + type + "; known: " + TYPES);
            }
        }
        if (needed.contains(Hybrid.TYPE)) {
            needed.add(ImplicitAls.TYPE);
            needed.add(ItemKnn.TYPE);
            needed.add(ContentModel.TYPE);
        }
        return needed;
    }

    private static Map<String, Recommender> trainModels(InteractionLog log, Catalog catalog, Params params,
                                                        Set<String> needed, Hybrid.Weights weights,
                                                        Map<String, Map<String, Object>> metrics,
                                                        Map<String, Object> tuning, TrainingProgress progress,
                                                        long now, long trainedAt) {
        Map<String, Recommender> out = new LinkedHashMap<>();
        if (needed.contains(Popularity.TYPE)) {
            progress.report(Popularity.TYPE, 0, 1);
            out.put(Popularity.TYPE, Popularity.train(log, catalog, params.matrix().weights(),
                    params.popularHalfLifeDays(), now, trainedAt, metrics.get(Popularity.TYPE)));
            progress.report(Popularity.TYPE, 1, 1);
        }
        if (!(needed.contains(ItemKnn.TYPE) || needed.contains(ImplicitAls.TYPE) || needed.contains(ContentModel.TYPE))) {
            return out;
        }
        progress.report("matrix", 0, 1);
        InteractionMatrix matrix = InteractionMatrix.build(log, catalogIds(catalog), params.matrix(), now, trainedAt);
        ItemIndex index = ItemIndex.of(matrix, catalog);
        progress.report("matrix", 1, 1);
        if (needed.contains(ItemKnn.TYPE)) {
            out.put(ItemKnn.TYPE, ItemKnn.train(matrix, index, params.itemKnn(), params.workers(), progress,
                    metrics.get(ItemKnn.TYPE)));
        }
        if (needed.contains(ImplicitAls.TYPE)) {
            out.put(ImplicitAls.TYPE, ImplicitAls.train(matrix, index, params.als(), params.workers(), progress,
                    metrics.get(ImplicitAls.TYPE)));
        }
        if (needed.contains(ContentModel.TYPE)) {
            progress.report(ContentModel.TYPE, 0, 1);
            out.put(ContentModel.TYPE, ContentModel.train(matrix, index, params.content(), metrics.get(ContentModel.TYPE)));
            progress.report(ContentModel.TYPE, 1, 1);
        }
        if (needed.contains(Hybrid.TYPE)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("tuned", tuning != null);
            if (tuning != null) {
                details.put("tuning", tuning);
            }
            if (metrics.containsKey(Hybrid.TYPE)) {
                details.put("offline_metrics", metrics.get(Hybrid.TYPE));
            }
            progress.report("sequence", 0, 1);
            SequentialRules rules = SequentialRules.train(log, index, params.matrix().weights(), params.workers());
            progress.report("sequence", 1, 1);
            out.put(Hybrid.TYPE, Hybrid.of((ImplicitAls) out.get(ImplicitAls.TYPE), (ItemKnn) out.get(ItemKnn.TYPE),
                    (ContentModel) out.get(ContentModel.TYPE), rules, weights, details));
        }
        return out;
    }

    private static List<String> catalogIds(Catalog catalog) {
        List<String> ids = new ArrayList<>(catalog.size());
        for (Item item : catalog.items()) {
            ids.add(item.itemId());
        }
        ids.sort(null); // the catalog's own order is a hash order; indexes should not depend on it
        return ids;
    }
}
