package dev.brisk.bench;

import dev.brisk.core.event.Event;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code popular} model on the demo data: scoring one list (what an uncached
 * {@code /recommend} spends in the model) with and without the seen-items filter and a genre, and
 * training (what every retrain after new events spends).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PopularityScoringBenchmark {
    private InteractionLog log;
    private Popularity model;
    private RecommendQuery top10;
    private RecommendQuery top10ExcludingSeen;
    private RecommendQuery top10InGenre;

    @Setup
    public void setUp() {
        log = DemoFixture.log();
        model = train();
        String user = DemoFixture.userWithAbout(100);
        List<Event> history = DemoFixture.historyOf(user);
        Set<String> seen = new HashSet<>();
        history.forEach(e -> seen.add(e.itemId()));
        CandidateFilter servable = DemoFixture.CATALOG::isServable;
        top10 = new RecommendQuery(user, history, 10, null, servable);
        top10ExcludingSeen = new RecommendQuery(user, history, 10, null, servable.and(id -> !seen.contains(id)));
        top10InGenre = new RecommendQuery(user, history, 10, "Sci-Fi", servable.and(id -> !seen.contains(id)));
    }

    @Benchmark
    public List<Recommendation> recommendTop10() {
        return model.recommend(top10);
    }

    @Benchmark
    public List<Recommendation> recommendTop10ExcludingSeen() {
        return model.recommend(top10ExcludingSeen);
    }

    @Benchmark
    public List<Recommendation> recommendTop10InGenre() {
        return model.recommend(top10InGenre);
    }

    /** Training on the 50,000 demo interactions. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Popularity train() {
        return Popularity.train(log, DemoFixture.CATALOG, FeedbackWeights.defaults(), 7.0, DemoFixture.NOW);
    }
}
