package dev.brisk.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.Workers;
import dev.brisk.core.model.ModelCodec;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.training.ModelSuite;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Item co-occurrence computed by Spark (local[2]) gives Brisk's own item-kNN neighbours on generated data. */
class SparkItemKnnTest {
    private static final long END = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

    @Test
    void sparkComputedNeighboursAreBrisksOwn() {
        DemoData data = new DemoDataGenerator().generate(new DemoDataGenerator.Config(7, 150, 200, 6_000, 42, END));
        InteractionLog.Builder builder = InteractionLog.builder();
        data.events().forEach(builder::add);
        InteractionLog log = builder.build();
        Catalog catalog = Catalog.of(data.items());
        ModelSuite.Params defaults = ModelSuite.Params.defaults();
        // Fewer neighbours than most items have co-occurring items, so that the cut is compared too.
        ItemKnn.Params knn = new ItemKnn.Params(20, 10, 0.5, 500);
        ModelSuite.Params params = new ModelSuite.Params(defaults.matrix(), defaults.popularHalfLifeDays(),
                defaults.als(), knn, defaults.content(), null, 0, Workers.single(), 42);
        // Without the catalog, as the job trains: the items are those with events, in the order of their first one.
        ItemKnn brisk = (ItemKnn) ModelSuite.train(log, Catalog.empty(), params, Set.of(ItemKnn.TYPE), (p, d, t) -> { },
                END, END).models().get(ItemKnn.TYPE);

        SparkItemKnn.Trained trained = SparkItemKnn.train(TestSpark.session(), AlsComparison.rows(TestSpark.session(), log),
                new SparkItemKnn.Settings(params.matrix(), knn, dev.brisk.core.event.EventTypes.BUILT_IN), END, END,
                Map.of("source", "test"));
        ItemKnn spark = (ItemKnn) ModelCodec.decode(ModelCodec.encode(List.of(trained.model())), catalog,
                dev.brisk.core.event.EventTypes.BUILT_IN).get(0);

        assertThat(trained.model().info().parameters()).containsEntry("engine", "spark").containsEntry("neighbours", 20);
        assertThat(spark.index().size()).isEqualTo(brisk.index().size());
        int compared = 0;
        for (int i = 0; i < brisk.index().size(); i++) {
            String item = brisk.index().id(i);
            assertThat(spark.index().id(i)).as("items in Brisk's order").isEqualTo(item);
            Map<String, Double> expected = neighbours(brisk, item);
            Map<String, Double> actual = neighbours(spark, item);
            assertThat(actual.keySet()).as("neighbours of %s", item).isEqualTo(expected.keySet());
            for (Map.Entry<String, Double> e : expected.entrySet()) {
                assertThat(actual.get(e.getKey())).as("similarity of %s and %s", item, e.getKey())
                        .isCloseTo(e.getValue(), Offset.offset(1e-3 * e.getValue() + 2e-6));
            }
            compared += expected.size();
        }
        assertThat(compared).as("pairs compared").isGreaterThan(1_000);
        assertThat(trained.pairs()).isEqualTo(compared);
    }

    private static Map<String, Double> neighbours(ItemKnn model, String item) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Recommendation r : model.similar(item, 1_000, CandidateFilter.ANY)) {
            out.put(r.itemId(), r.score());
        }
        return out;
    }
}
