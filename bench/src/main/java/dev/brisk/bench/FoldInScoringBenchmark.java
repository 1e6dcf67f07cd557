package dev.brisk.bench;

import dev.brisk.core.event.Event;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.TopK;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.UserScores;
import dev.brisk.core.model.UserVector;
import dev.brisk.core.model.Workers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * ALS at request time, per user: read the history, solve the user's factors from it (fold-in),
 * score every item, keep the best 20 unseen ones — with and without their explanations. Sampled
 * times give the median and p99 per user; users rotate through real generated histories
 * (median 13 interactions; p90 58 with 10,000 items, 271 with 100,000).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx8g"})
public class FoldInScoringBenchmark {
    @Param({"10000", "100000"})
    int items;
    @Param({"64"})
    int factors;

    private ImplicitAls model;
    private List<List<Event>> histories;
    private List<Set<String>> seen;
    private int next;

    @Setup(Level.Trial)
    public void train() {
        // Enough users and events that every item has data: ten interactions per item.
        ModelBenchmarkData data = ModelBenchmarkData.generate(items, items / 2, items * 10, 1000);
        InteractionMatrix matrix = data.matrix();
        ItemIndex index = ItemIndex.of(matrix, data.catalog);
        ImplicitAls.Params params = ImplicitAls.Params.defaults().withFactors(factors);
        try (Workers workers = Workers.start(2, Executors.defaultThreadFactory())) {
            model = ImplicitAls.train(matrix, index, new ImplicitAls.Params(factors, 3, params.regularization(),
                    params.alpha(), params.solver(), params.cgSteps(), 1), workers, TrainingProgress.NONE, null);
        }
        histories = data.histories;
        seen = histories.stream().map(h -> {
            Set<String> s = new HashSet<>();
            h.forEach(e -> s.add(e.itemId()));
            return s;
        }).toList();
    }

    private int nextUser() {
        next = (next + 1) % histories.size();
        return next;
    }

    /** Fold-in + scoring of every item + top 20 unseen. */
    @Benchmark
    public int[] foldInScoreTop20() {
        int u = nextUser();
        Set<String> skip = seen.get(u);
        UserVector user = UserVector.of(histories.get(u), model.index().ids(), model.settings());
        UserScores scores = model.score(user);
        return TopK.select(scores.values(), 20, i -> !skip.contains(model.index().id(i)));
    }

    /** The whole model call as served: the above plus the explanation of each of the 20 items. */
    @Benchmark
    public List<Recommendation> recommendWithExplanations() {
        int u = nextUser();
        Set<String> skip = seen.get(u);
        CandidateFilter filter = id -> !skip.contains(id);
        return model.recommend(new RecommendQuery("u", histories.get(u), 20, null, filter));
    }
}
