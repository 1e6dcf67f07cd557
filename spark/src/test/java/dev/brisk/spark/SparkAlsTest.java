package dev.brisk.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.eval.ChronologicalSplit;
import dev.brisk.core.eval.Evaluator;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.ModelCodec;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Workers;
import dev.brisk.core.training.ModelSuite;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SparkAlsTest {
    private static final long END = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final int FACTORS = 64;
    private static Catalog catalog;
    private static ChronologicalSplit split;
    private static AlsComparison.Result trained;

    @BeforeAll
    static void trainBothOnTheSameSplit() {
        SparkSession spark = TestSpark.session();
        DemoData data = new DemoDataGenerator().generate(new DemoDataGenerator.Config(7, 600, 500, 40_000, 42, END));
        InteractionLog.Builder log = InteractionLog.builder();
        data.events().forEach(log::add);
        catalog = Catalog.of(data.items());
        // The default number of factors, for both engines (with 32 Spark fell just below 95% of Brisk on this data).
        ModelSuite.Params defaults = ModelSuite.Params.defaults();
        ModelSuite.Params params = new ModelSuite.Params(defaults.matrix(), defaults.popularHalfLifeDays(),
                defaults.als().withFactors(FACTORS), defaults.itemKnn(), defaults.content(), null, 0,
                Workers.single(), 42);
        split = ChronologicalSplit.of(log.build(), params.matrix().weights(), 0.2, 5);
        trained = AlsComparison.run(spark, split.train(), AlsComparison.rows(spark, split.train()), catalog, params,
                null, split.trainEnd(), dev.brisk.core.event.EventTypes.BUILT_IN);
    }

    @Test
    void sparkTrainedAlsIsWithinFivePercentOfBrisksOwnOnNdcgAt10() {
        Evaluator evaluator = new Evaluator(Workers.single());
        double brisk = evaluator.evaluate(trained.brisk(), split, catalog, 0, (p, d, t) -> { }).ndcg(10);
        double spark = evaluator.evaluate(trained.spark().model(), split, catalog, 0, (p, d, t) -> { }).ndcg(10);
        System.out.printf("NDCG@10 on %d test users: Brisk's ALS %.4f, Spark's ALS %.4f (reg param %.4f)%n",
                split.users().size(), brisk, spark, trained.spark().sparkRegParam());
        assertThat(brisk).as("Brisk's own ALS learns something on this data").isGreaterThan(0.02);
        assertThat(spark).as("Spark's NDCG@10 against Brisk's %.4f", brisk).isGreaterThanOrEqualTo(brisk * 0.95);
    }

    @Test
    void sparkTrainedAlsIsIndexedLikeBrisksAndSaysWhoTrainedIt() {
        ImplicitAls spark = trained.spark().model();
        ImplicitAls brisk = trained.brisk();
        assertThat(spark.factors()).isEqualTo(brisk.factors());
        // The same items in the same order (first appearance), with the same trends.
        assertThat(spark.index().size()).isEqualTo(split.train().items().size());
        for (int i = 0; i < spark.index().size(); i++) {
            assertThat(spark.index().id(i)).isEqualTo(brisk.index().id(i));
            assertThat(spark.index().trend(i)).isCloseTo(brisk.index().trend(i), org.assertj.core.data.Offset.offset(
                    1e-3f * Math.max(1f, brisk.index().trend(i))));
        }
        assertThat(spark.info().interactions()).isEqualTo(brisk.info().interactions());
        assertThat(spark.info().parameters()).containsEntry("engine", "spark")
                .containsEntry("factors", FACTORS);
    }

    @Test
    void sparkTrainedAlsReadBackFromTheModelStoreFormatRecommendsTheSame() {
        ImplicitAls model = trained.spark().model();
        List<Recommender> decoded = ModelCodec.decode(ModelCodec.encode(List.of(model)), catalog, dev.brisk.core.event.EventTypes.BUILT_IN);
        Recommender back = decoded.get(0);
        assertThat(back.info().version()).isEqualTo(model.info().version());
        assertThat(back.info().parameters()).containsEntry("engine", "spark");
        ChronologicalSplit.TestUser user = split.users().get(0);
        RecommendQuery query = new RecommendQuery(user.userId(), user.history(), 10, null, id -> !user.seen().contains(id));
        List<String> before = model.recommend(query).stream().map(Recommendation::itemId).toList();
        List<String> after = back.recommend(query).stream().map(Recommendation::itemId).toList();
        assertThat(before).hasSize(10).isEqualTo(after);
    }
}
