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
import dev.brisk.core.eval.PrequentialEvaluator;
import dev.brisk.core.model.Hybrid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offline quality on generated data with latent taste clusters (500 users, 1,000 items, 50,000
 * events, fixed seed), evaluated exactly as {@code brisk evaluate} does: the last 20% of each
 * user's interactions held out, the models trained on the rest (the hybrid tuning its weights on
 * a further split of the training part), every unseen item ranked.
 */
class ModelQualityTest {
    private static final long END = java.time.Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static EvaluationReport report;
    private static Map<String, PrequentialEvaluator.Result> replayed = new LinkedHashMap<>();
    private static Hybrid.Weights weights;

    @BeforeAll
    static void evaluate() {
        DemoData data = new DemoDataGenerator().generate(new DemoDataGenerator.Config(7, 1_000, 500, 50_000, 42, END));
        InteractionLog.Builder b = InteractionLog.builder();
        data.events().forEach(b::add);
        InteractionLog log = b.build();
        Catalog catalog = Catalog.of(data.items());
        ChronologicalSplit split = ChronologicalSplit.of(log, ModelSuite.Params.defaults().matrix().weights(), 0.2, 5);
        ModelSuite.Result trained = ModelSuite.train(split.train(), catalog, ModelSuite.Params.defaults().withThreads(2),
                TrainingProgress.NONE, split.trainEnd());
        Evaluator evaluator = new Evaluator(2);
        List<ModelMetrics> metrics = new ArrayList<>();
        for (String type : ModelSuite.TYPES) {
            metrics.add(evaluator.evaluate(trained.get(type), split, catalog, trained.get(type).info().trainingMillis(),
                    TrainingProgress.NONE));
        }
        report = new EvaluationReport(split.users().size(), split.heldOut(), split.train().size(), metrics);
        System.out.println(report.table());
        weights = trained.hybridWeights();
        System.out.println(weights.asMap() + " " + trained.get("hybrid").info().parameters().get("tuning"));
        PrequentialEvaluator prequential = new PrequentialEvaluator(ModelSuite.Params.defaults().matrix().weights(),
                1000, 2);
        for (String type : ModelSuite.TYPES) {
            PrequentialEvaluator.Result r = prequential.evaluate(trained.get(type), split, catalog, TrainingProgress.NONE);
            replayed.put(type, r);
            System.out.println(r);
        }
    }

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

    @Test
    void hybridIsAtLeastAsGoodAsTheBetterOfAlsAndItemKnnWithinTwoPercent() {
        double best = Math.max(ndcg("als"), ndcg("item_knn"));
        assertThat(ndcg("hybrid")).isGreaterThanOrEqualTo(0.98 * best);
    }

    @Test
    void contentAndHybridCoverMoreOfTheCatalogThanPopularity() {
        assertThat(report.model("content").get("coverage", 20)).isGreaterThan(report.model("popular").get("coverage", 20));
        assertThat(report.model("hybrid").get("coverage", 20)).isGreaterThan(report.model("popular").get("coverage", 20));
    }
}
