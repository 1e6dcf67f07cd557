package dev.brisk.bench;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.ContentModel;
import dev.brisk.core.model.FactorIndex;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.ModelInfo;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.SequentialRules;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * ALS over a large catalog, per request: the top 20 unseen items of a user, explained, when every
 * item is scored ({@code exact}) and when only the candidates of the factor index are
 * ({@code candidates}: the index's items nearest to the user's factors, scored exactly). Training
 * 1,000,000 items is out of reach here, so the item factors are generated with the shape of trained
 * ones: 50 topics, each item its topic's direction plus noise, scaled by a popularity spread over an
 * order of magnitude; users are histories of 5 to 60 views in one or two topics. The setup of
 * {@code candidates} builds the index and prints its build time, its size and the recall@10 of the
 * served lists against exact scoring over 500 users. {@code hybridExact} and {@code hybridCandidates} do
 * the same for the hybrid with every part weighed, its item-kNN, content and sequence parts trained on
 * 20 generated views each of {@code items / 20} users (at least 5,000); the recall@10 of the hybrid is
 * taken over 200 users. With {@code -p history=long} every user has 1,000 views (about 800 distinct items),
 * as the heaviest users have at the service, which keeps the latest {@code BRISK_HISTORY_LIMIT} (1,000)
 * events of a user.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx10g"})
public class CandidateScoringBenchmark {
    private static final int TOPICS = 50;
    private static final long NOW = ModelBenchmarkData.END;

    @Param({"10000", "100000", "1000000"})
    int items;
    @Param({"64"})
    int factors;
    /** {@code short}: 5 to 60 views per user; {@code long}: 1,000. */
    @Param({"short"})
    String history;

    private ImplicitAls exact;
    private ImplicitAls candidates;
    private Hybrid hybridExact;
    private List<String> itemIds;
    private Hybrid hybridCandidates;
    private final List<List<Event>> histories = new ArrayList<>();
    private final List<CandidateFilter> unseen = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void build(BenchmarkParams benchmark) {
        SplittableRandom random = new SplittableRandom(17);
        exact = generatedModel(random);
        for (int u = 0; u < 1000; u++) {
            List<Event> history = history(random, "u" + u, "long".equals(this.history) ? 1_000 : 5 + random.nextInt(56));
            Set<String> seen = new HashSet<>();
            history.forEach(e -> seen.add(e.itemId()));
            histories.add(history);
            unseen.add(id -> !seen.contains(id));
        }
        String name = benchmark.getBenchmark();
        if (name.contains(".hybrid")) {
            hybridExact = hybrid(random);
        }
        if (!name.endsWith("andidates")) {
            return;
        }
        FactorIndex index;
        try (Workers workers = Workers.start(2, Executors.defaultThreadFactory())) {
            index = exact.buildCandidateIndex(workers);
        }
        candidates = exact.withCandidates(index);
        System.out.printf("%n%d items x %d factors: index built in %d ms on 2 threads, %d MB; recall@10 of the served"
                + " list against exact scoring: %.4f%n", items, factors, index.buildMillis(), index.bytes() >> 20,
                recallAt10(exact, candidates, 500));
        if (hybridExact != null) {
            hybridCandidates = hybridExact.withCandidates(index);
            System.out.printf("hybrid: recall@10 of the served list against exact scoring: %.4f%n",
                    recallAt10(hybridExact, hybridCandidates, 200));
        }
    }

    /**
     * The hybrid over the generated factors, its other parts trained on 20 views each of
     * {@code items / 20} users shaped like the benchmark's (at least 5,000 users), with every part weighed.
     */
    private Hybrid hybrid(SplittableRandom random) {
        InteractionLog.Builder log = InteractionLog.builder();
        int users = Math.max(5_000, items / 20);
        for (int u = 0; u < users; u++) {
            history(random, "t" + u, 20).forEach(log::add);
        }
        InteractionLog trained = log.build();
        InteractionMatrix matrix = InteractionMatrix.build(trained, itemIds, exact.settings(), NOW + 1);
        ItemIndex index = exact.index();
        ItemKnn knn = ItemKnn.train(matrix, index, ItemKnn.Params.defaults(), Workers.single(), TrainingProgress.NONE,
                null);
        ContentModel content = ContentModel.train(matrix, index, ContentModel.Params.defaults(), null);
        SequentialRules rules = SequentialRules.train(trained, index, FeedbackWeights.defaults(), Workers.single());
        return Hybrid.of(exact, knn, content, rules, new Hybrid.Weights(0.5, 0.2, 0.1, 0.1, 0.1, 0.2), null);
    }

    private ImplicitAls generatedModel(SplittableRandom random) {
        double[][] topics = new double[TOPICS][factors];
        for (double[] topic : topics) {
            for (int f = 0; f < factors; f++) {
                topic[f] = random.nextGaussian();
            }
        }
        float[] y = new float[items * factors];
        float[] trend = new float[items];
        boolean[] hasData = new boolean[items];
        List<String> ids = new ArrayList<>(items);
        List<Item> catalog = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            double popularity = 0.05 * Math.exp(0.6 * random.nextGaussian());
            double[] topic = topics[i % TOPICS];
            for (int f = 0; f < factors; f++) {
                y[i * factors + f] = (float) (popularity * (topic[f] + 0.8 * random.nextGaussian()));
            }
            trend[i] = (float) popularity;
            hasData[i] = true;
            ids.add(id(i));
            catalog.add(new Item(id(i), "Item " + i, List.of("Topic " + i % TOPICS), Map.of(), NOW, true));
        }
        itemIds = ids;
        ModelInfo info = new ModelInfo(ImplicitAls.TYPE, "generated", NOW, 0, 0, items, 0, Map.of());
        return ImplicitAls.fromItemFactors(info, ids, trend, Catalog.of(catalog), InteractionMatrix.Settings.defaults(),
                factors, 0.5, 15, y, hasData);
    }

    private static String id(int item) {
        return String.format("i%07d", item);
    }

    /** Views (newest first) of items of one topic, every third of a second one. */
    private List<Event> history(SplittableRandom random, String user, int length) {
        int first = random.nextInt(TOPICS);
        int second = random.nextInt(TOPICS);
        List<Event> history = new ArrayList<>(length);
        for (int h = 0; h < length; h++) {
            int item = random.nextInt(items / TOPICS) * TOPICS + (h % 3 == 2 ? second : first);
            history.add(new Event(null, user, id(item), EventType.VIEW, Double.NaN, NOW - h * 60_000L, null, null, null));
        }
        return history;
    }

    private double recallAt10(Recommender exactly, Recommender fromCandidates, int users) {
        int found = 0;
        for (int u = 0; u < users; u++) {
            RecommendQuery query = new RecommendQuery("u", histories.get(u), 10, null, unseen.get(u));
            List<String> want = exactly.recommend(query).stream().map(Recommendation::itemId).toList();
            found += (int) fromCandidates.recommend(query).stream().filter(r -> want.contains(r.itemId())).count();
        }
        return found / (users * 10.0);
    }

    private RecommendQuery nextQuery() {
        next = (next + 1) % histories.size();
        return new RecommendQuery("u", histories.get(next), 20, null, unseen.get(next));
    }

    /** Fold-in, every item scored, the best 20 unseen ones explained. */
    @Benchmark
    public List<Recommendation> exact() {
        return exact.recommend(nextQuery());
    }

    /** Fold-in, the index's candidates found and scored, the best 20 unseen ones explained. */
    @Benchmark
    public List<Recommendation> candidates() {
        return candidates.recommend(nextQuery());
    }

    /** The hybrid (every part weighed), every item scored by every part. */
    @Benchmark
    public List<Recommendation> hybridExact() {
        return hybridExact.recommend(nextQuery());
    }

    /** The hybrid from candidates: each part's best, scored exactly, standardised over the whole catalog. */
    @Benchmark
    public List<Recommendation> hybridCandidates() {
        return hybridCandidates.recommend(nextQuery());
    }
}
