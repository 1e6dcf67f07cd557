package dev.brisk.bench;

import dev.brisk.core.eval.ChronologicalSplit;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training time of one run of each model on generated data (one interaction per event; about 8%
 * are impressions, which the matrix skips): building the interaction matrix, ALS (64 factors,
 * 10 iterations, conjugate gradient or Cholesky) and item-kNN (100 neighbours), and the validation
 * split every training run makes first (1,000 users held out, as {@code BRISK_VALIDATION_USERS}), on
 * {@code threads} threads. 1M interactions: 20,000 items, 10,000 users; 10M: 100,000 items,
 * 100,000 users.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx20g"})
public class ModelTrainingBenchmark {
    @Param({"1000000", "10000000"})
    int interactions;
    @Param({"2"})
    int threads;
    @Param({"cg"})
    String solver;

    private ModelBenchmarkData data;
    private InteractionMatrix matrix;
    private ItemIndex index;
    private Workers workers;

    @Setup(Level.Trial)
    public void generate() {
        boolean big = interactions > 1_000_000;
        data = ModelBenchmarkData.generate(big ? 100_000 : 20_000, big ? 100_000 : 10_000, interactions, 0);
        matrix = data.matrix();
        index = ItemIndex.of(matrix, data.catalog);
        workers = Workers.start(threads, Executors.defaultThreadFactory());
    }

    @TearDown(Level.Trial)
    public void stopWorkers() {
        workers.close();
    }

    @Benchmark
    public InteractionMatrix buildMatrix() {
        return data.matrix();
    }

    @Benchmark
    public ImplicitAls als() {
        ImplicitAls.Params p = ImplicitAls.Params.defaults().withFactors(64).withSolver(ImplicitAls.Solver.parse(solver));
        return ImplicitAls.train(matrix, index, p, workers, TrainingProgress.NONE, null);
    }

    @Benchmark
    public ChronologicalSplit validationSplit() {
        return ChronologicalSplit.of(data.log, FeedbackWeights.defaults(), 0.2, 5, 1_000, 1);
    }

    @Benchmark
    public ItemKnn itemKnn() {
        return ItemKnn.train(matrix, index, ItemKnn.Params.defaults(), workers, TrainingProgress.NONE, null);
    }
}
