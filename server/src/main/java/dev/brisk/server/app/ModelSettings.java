package dev.brisk.server.app;

import dev.brisk.core.model.ContentModel;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.Workers;
import dev.brisk.core.training.ModelSuite;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models' part of {@link BriskConfig}: hyperparameters ({@code BRISK_ALS_*},
 * {@code BRISK_KNN_*}, {@code BRISK_HYBRID_WEIGHTS}) and how training and serving use them.
 * {@code hybridWeights} is empty to tune the weights at every training run, or a fixed list like
 * {@code als=0.6,item_knn=0.2,recent=0,content=0.1,popular=0.1}. {@code trainThreads} is 0 when
 * not set: the default then depends on whether the process serves (see {@link #threadsWhileServing()}).
 * From {@code annMinItems} items on (0: never), ALS and the hybrid serve from the candidates of an
 * approximate index of the ALS factors instead of scoring every item.
 */
public record ModelSettings(int alsFactors, int alsIterations, double alsRegularization, double alsAlpha,
                            String alsSolver, int alsCgSteps, int knnNeighbours, double knnShrink,
                            double knnAsymmetry, int knnMaxUserItems,
                            double decayHalfLifeDays, int trainThreads, int validationUsers, String hybridWeights,
                            int rotationImpressions, int annMinItems) {

    /**
     * The threads of a training run in a serving instance: {@code BRISK_TRAIN_THREADS}, by default
     * half the cores (at least one), so that serving keeps the other half while a run goes on (on
     * two cores: one each).
     */
    public int threadsWhileServing() {
        return trainThreads > 0 ? trainThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** The threads of a process that trains without serving ({@code brisk evaluate}): by default every core. */
    public int threadsWithoutServing() {
        return trainThreads > 0 ? trainThreads : Runtime.getRuntime().availableProcessors();
    }

    /** The problems with the values that are not plain ranges (those are checked as they are read). */
    List<String> problems() {
        List<String> problems = new java.util.ArrayList<>();
        try {
            ImplicitAls.Solver.parse(alsSolver);
        } catch (IllegalArgumentException e) {
            problems.add("BRISK_ALS_SOLVER must be cg or cholesky, got " + alsSolver);
        }
        if (!hybridWeights.isEmpty()) {
            try {
                fixedWeights();
            } catch (IllegalArgumentException e) {
                problems.add("BRISK_HYBRID_WEIGHTS must be empty (tuned) or a list like "
                        + "als=0.6,item_knn=0.2,recent=0,content=0.1,popular=0.1 of non-negative shares, not all zero, "
                        + "with parts from " + Hybrid.PARTS + "; " + e.getMessage());
            }
        }
        return problems;
    }

    /** The fixed hybrid weights, or null when they are tuned at training time. */
    public Hybrid.Weights fixedWeights() {
        if (hybridWeights.isEmpty()) {
            return null;
        }
        double[] w = new double[Hybrid.PARTS.size()];
        for (String pair : hybridWeights.split(",")) {
            String[] kv = pair.split("=", 2);
            int part = kv.length == 2 ? Hybrid.PARTS.indexOf(kv[0].trim().toLowerCase(Locale.ROOT)) : -1;
            if (part < 0) {
                throw new IllegalArgumentException("'" + pair + "' is not part=share");
            }
            try {
                w[part] = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + kv[1] + "' is not a number");
            }
        }
        return Hybrid.Weights.of(w);
    }

    /** The parameters of a training run, spread over {@code workers} (made with {@link #trainThreads()} by the caller). */
    public ModelSuite.Params toParams(FeedbackWeights weights, double popularHalfLifeDays, Workers workers) {
        return new ModelSuite.Params(
                new InteractionMatrix.Settings(weights, decayHalfLifeDays, popularHalfLifeDays),
                popularHalfLifeDays,
                new ImplicitAls.Params(alsFactors, alsIterations, alsRegularization, alsAlpha,
                        ImplicitAls.Solver.parse(alsSolver), alsCgSteps, 42),
                new ItemKnn.Params(knnNeighbours, knnShrink, knnAsymmetry, knnMaxUserItems),
                ContentModel.Params.defaults(),
                fixedWeights(),
                validationUsers,
                workers,
                42);
    }

    Map<String, String> toEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_ALS_FACTORS", Integer.toString(alsFactors));
        env.put("BRISK_ALS_ITERATIONS", Integer.toString(alsIterations));
        env.put("BRISK_ALS_REGULARIZATION", Double.toString(alsRegularization));
        env.put("BRISK_ALS_ALPHA", Double.toString(alsAlpha));
        env.put("BRISK_ALS_SOLVER", alsSolver);
        env.put("BRISK_ALS_CG_STEPS", Integer.toString(alsCgSteps));
        env.put("BRISK_KNN_NEIGHBOURS", Integer.toString(knnNeighbours));
        env.put("BRISK_KNN_SHRINK", Double.toString(knnShrink));
        env.put("BRISK_KNN_ASYMMETRY", Double.toString(knnAsymmetry));
        env.put("BRISK_KNN_MAX_USER_ITEMS", Integer.toString(knnMaxUserItems));
        env.put("BRISK_DECAY_HALF_LIFE_DAYS", Double.toString(decayHalfLifeDays));
        if (trainThreads > 0) {
            env.put("BRISK_TRAIN_THREADS", Integer.toString(trainThreads));
        }
        env.put("BRISK_VALIDATION_USERS", Integer.toString(validationUsers));
        env.put("BRISK_HYBRID_WEIGHTS", hybridWeights);
        env.put("BRISK_ROTATION_IMPRESSIONS", Integer.toString(rotationImpressions));
        env.put("BRISK_ANN_MIN_ITEMS", Integer.toString(annMinItems));
        return env;
    }
}
