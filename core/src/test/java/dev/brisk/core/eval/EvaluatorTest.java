package dev.brisk.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.EventType;
import dev.brisk.core.model.Explanation;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.ModelInfo;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    /** Always proposes i1..i30 in order, through the query's filter. */
    private static final Recommender FIXED = new Recommender() {
        @Override
        public String type() {
            return "fixed";
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("fixed", "1", 0, 0, 0, 0, 0, Map.of());
        }

        @Override
        public List<Recommendation> recommend(RecommendQuery query) {
            List<Recommendation> out = new ArrayList<>();
            for (int i = 1; i <= 30 && out.size() < query.n(); i++) {
                if (query.filter().accepts("i" + i)) {
                    out.add(new Recommendation("i" + i, 1, Explanation.of("x", "x")));
                }
            }
            return out;
        }
    };

    @Test
    void servesEachUserTheirTrainingHistoryAndAveragesTheMetrics() {
        // uA trains on i1..i4 and then interacts with i5: i5 is the first unseen item, a hit at rank 1.
        // uB trains on i10..i13 and then interacts with i30: not in anyone's top 20, a miss.
        InteractionLog.Builder b = InteractionLog.builder();
        for (int t = 1; t <= 4; t++) {
            b.add("uA", "i" + t, EventType.VIEW, Double.NaN, t);
            b.add("uB", "i" + (9 + t), EventType.VIEW, Double.NaN, t);
        }
        b.add("uA", "i5", EventType.VIEW, Double.NaN, 5);
        b.add("uB", "i30", EventType.VIEW, Double.NaN, 5);
        ChronologicalSplit split = ChronologicalSplit.of(b.build(), FeedbackWeights.defaults(), 0.2, 5);
        // The catalog has 40 items; i2 is inactive (that leaves 39 candidates).
        Catalog catalog = Catalog.of(Stream.iterate(1, i -> i + 1).limit(40)
                .map(i -> new Item("i" + i, null, List.of(), Map.of(), 0, i != 2)).toList());

        ModelMetrics m = new Evaluator(Workers.single()).evaluate(FIXED, split, catalog, 7, TrainingProgress.NONE);

        assertThat(m.users()).isEqualTo(2);
        assertThat(m.get("hit_rate", 10)).isEqualTo(0.5);
        assertThat(m.get("precision", 10)).isCloseTo((0.1 + 0) / 2, within(1e-12));
        assertThat(m.get("recall", 20)).isEqualTo(0.5);
        assertThat(m.ndcg(10)).isCloseTo(0.5, within(1e-12));
        // uA gets i5..i14 (i1..i4 seen), uB i1, i3..i9, i14, i15 (i2 inactive, i10..i13 seen):
        // together i1, i3..i15 = 14 distinct items in the top 10 out of 39.
        assertThat(m.get("coverage", 10)).isCloseTo(14.0 / 39, within(1e-12));
        assertThat(m.trainMillis()).isEqualTo(7);
        assertThat(m.asMap()).containsEntry("hit_rate@10", 0.5).containsEntry("users", 2);
        EvaluationReport report = new EvaluationReport(2, split.heldOut(), split.train().size(), List.of(m));
        assertThat(report.table()).contains("fixed", "NDCG@10", "0.5000");
        assertThat(report.asMap()).containsKeys("split", "models");
    }
}
