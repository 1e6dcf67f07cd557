package dev.brisk.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.eval.ChronologicalSplit;
import dev.brisk.core.eval.EvaluationReport;
import dev.brisk.core.eval.Evaluator;
import dev.brisk.core.eval.ModelMetrics;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import dev.brisk.core.eval.PrequentialEvaluator;
import dev.brisk.core.eval.PrequentialReport;
import dev.brisk.core.model.Hybrid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quality on generated data with latent taste clusters, sessions that run through related items and
 * slowly drifting tastes (500 users, 1,000 items, 50,000 events, fixed seed), evaluated exactly as
 * {@code brisk evaluate} does under both protocols: the last 20% of each user's interactions held
 * out, the models trained on the rest (the hybrid tuning its weights on a further split of the
 * training part), then every unseen item ranked once (offline), and the held-out events replayed in
 * time order (prequential), next to the static baseline that never sees them.
 */
class ModelQualityTest {
    private static final long END = java.time.Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static EvaluationReport report;
    private static PrequentialReport replayed;
    private static Hybrid.Weights weights;

    @BeforeAll
    static void evaluate() {
        try (Workers workers = Workers.start(2, Executors.defaultThreadFactory())) {
            evaluate(workers);
        }
    }

    private static void evaluate(Workers workers) {
        DemoData data = new DemoDataGenerator().generate(new DemoDataGenerator.Config(7, 1_000, 500, 50_000, 42, END));
        InteractionLog.Builder b = InteractionLog.builder();
        data.events().forEach(b::add);
        InteractionLog log = b.build();
        Catalog catalog = Catalog.of(data.items());
        ChronologicalSplit split = ChronologicalSplit.of(log, ModelSuite.Params.defaults().matrix().weights(), 0.2, 5);
        ModelSuite.Result trained = ModelSuite.train(split.train(), catalog, ModelSuite.Params.defaults().withWorkers(workers),
                TrainingProgress.NONE, split.trainEnd());
        Evaluator evaluator = new Evaluator(workers);
        List<ModelMetrics> metrics = new ArrayList<>();
        for (String type : ModelSuite.TYPES) {
            metrics.add(evaluator.evaluate(trained.get(type), split, catalog, trained.get(type).info().trainingMillis(),
                    TrainingProgress.NONE));
        }
        report = new EvaluationReport(split.users().size(), split.heldOut(), split.train().size(), metrics);
        System.out.println(report.table());
        weights = trained.hybridWeights();
        System.out.println("hybrid weights " + weights.asMap());
        PrequentialEvaluator prequential = new PrequentialEvaluator(ModelSuite.Params.defaults().matrix().weights(),
                1000, workers);
        List<PrequentialEvaluator.Result> results = new ArrayList<>();
        for (String type : ModelSuite.TYPES) {
            results.add(prequential.evaluate(trained.get(type), split, catalog, TrainingProgress.NONE));
        }
        replayed = new PrequentialReport(split.users().size(), split.heldOutEvents().size(), split.train().size(),
                results);
        System.out.println(replayed.table());
    }

    private static final List<String> SINGLE_MODELS = List.of("popular", "item_knn", "als", "content");

    private static double ndcg(String type) {
        return report.model(type).ndcg(10);
    }

    @Test
    void personalModelsBeatPopularityByAFifth() {
        assertThat(report.users()).isGreaterThan(400);
        for (String type : List.of("als", "item_knn", "hybrid")) {
            assertThat(ndcg(type)).as(type + " NDCG@10 vs popular").isGreaterThanOrEqualTo(1.2 * ndcg("popular"));
        }
    }

    /**
     * Issue #16: the hybrid beats the best single model offline by 2% or more, with a blend in which at least two
     * parts carry 15% of the weight or more (forcing the tuner to one part fails this). On this data: 0.2257
     * against ALS 0.2179 (1.036x), weights als 0.7, sequence 0.2, item_knn 0.05, content 0.05; with the scaling
     * before the z-score it was 1.010x. On two other seeds of the same generator the hybrid is 1.053x and only 1.009x
     * (BENCHMARKS.md, "The hybrid's blend"): the 2% holds here, not everywhere.
     */
    @Test
    void hybridEarnsItsPlaceWithMixedWeights() {
        double best = 0;
        for (String single : SINGLE_MODELS) {
            best = Math.max(best, ndcg(single));
        }
        assertThat(ndcg("hybrid")).as("hybrid NDCG@10 vs the best single model").isGreaterThanOrEqualTo(1.02 * best);
        double total = java.util.Arrays.stream(weights.asArray()).sum();
        assertThat(java.util.Arrays.stream(weights.asArray()).filter(w -> w >= 0.15 * total).count())
                .as("parts with 15% of the weight or more in " + weights.asMap()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void hybridBeatsEverySingleModelWhenTheEventsAreReplayed() {
        double hybrid = replayed.model("hybrid").live().hitRate();
        for (String single : SINGLE_MODELS) {
            assertThat(hybrid).as("prequential HR@10, hybrid vs " + single)
                    .isGreaterThan(replayed.model(single).live().hitRate());
        }
        assertThat(replayed.model("hybrid").live().predictions()).isGreaterThan(3_000);
    }

    @Test
    void replayingTheEventsLiftsTheHybridByAFifthOverItsStaticSelf() {
        PrequentialEvaluator.Result hybrid = replayed.model("hybrid");
        assertThat(hybrid.live().hitRate()).isGreaterThanOrEqualTo(1.2 * hybrid.frozen().hitRate());
        assertThat(hybrid.live().mrr()).isGreaterThan(hybrid.frozen().mrr());
        assertThat(hybrid.live().userHitRate()).isGreaterThan(hybrid.frozen().userHitRate());
    }

    @Test
    void aModelThatIgnoresTheHistoryGainsNothingFromTheReplay() {
        PrequentialEvaluator.Result popular = replayed.model("popular");
        assertThat(popular.live()).isEqualTo(popular.frozen());
    }

    @Test
    void contentAndHybridCoverMoreOfTheCatalogThanPopularity() {
        assertThat(report.model("content").get("coverage", 20)).isGreaterThan(report.model("popular").get("coverage", 20));
        assertThat(report.model("hybrid").get("coverage", 20)).isGreaterThan(report.model("popular").get("coverage", 20));
    }
}
