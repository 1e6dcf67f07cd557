package dev.brisk.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.Popularity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelSuiteTest {
    private static final long END = java.time.Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final DemoData DATA = new DemoDataGenerator().generate(
            new DemoDataGenerator.Config(5, 200, 80, 4_000, 20, END));

    private static InteractionLog log() {
        InteractionLog.Builder b = InteractionLog.builder();
        DATA.events().forEach(b::add);
        return b.build();
    }

    @Test
    void trainsEveryModelWithValidationFiguresAndTunedHybridWeights() {
        List<String> phases = new ArrayList<>();
        ModelSuite.Result result = ModelSuite.train(log(), Catalog.of(DATA.items()),
                ModelSuite.Params.defaults().withValidationUsers(50),
                (phase, done, total) -> phases.add(phase), END);

        assertThat(result.models().keySet()).containsExactlyElementsOf(ModelSuite.TYPES);
        assertThat(result.offlineMetrics().keySet()).containsExactlyInAnyOrderElementsOf(ModelSuite.TYPES);
        for (String type : ModelSuite.TYPES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> figures = (Map<String, Object>) result.get(type).info().parameters().get("offline_metrics");
            assertThat(figures).as(type).containsKeys("ndcg@10", "recall@20", "coverage@20", "split");
            // The 50 sampled users, less those who liked nothing new in their held-out part.
            assertThat(((Number) figures.get("users")).intValue()).isBetween(45, 50);
        }
        Map<String, Object> hybrid = result.get(Hybrid.TYPE).info().parameters();
        assertThat(hybrid).containsEntry("tuned", true).containsKeys("weights", "tuning");
        assertThat(phases).contains("validation als", "tuning hybrid", "als", "item_knn", "matrix");
    }

    @Test
    void trainsOnNothingAtAllAndServesEmptyLists() {
        ModelSuite.Result empty = ModelSuite.train(InteractionLog.builder().build(), Catalog.empty(),
                ModelSuite.Params.defaults(), (phase, done, total) -> { }, END);
        assertThat(empty.models().keySet()).containsExactlyElementsOf(ModelSuite.TYPES);
        for (String type : ModelSuite.TYPES) {
            var query = new dev.brisk.core.model.RecommendQuery("u", List.of(new dev.brisk.core.event.Event(null, "u", "x",
                    dev.brisk.core.event.EventType.VIEW, Double.NaN, END, null, null, null)), 5, null, null);
            assertThat(empty.get(type).recommend(query)).as(type).isEmpty();
        }
    }

    @Test
    void trainsOnlyWhatIsAskedAndWithoutValidationWhenOff() {
        ModelSuite.Result popular = ModelSuite.train(log(), Catalog.of(DATA.items()),
                ModelSuite.Params.defaults().withValidationUsers(0), Set.of(Popularity.TYPE),
                (phase, done, total) -> { }, END, END);
        assertThat(popular.models().keySet()).containsExactly(Popularity.TYPE);
        assertThat(popular.offlineMetrics()).isEmpty();

        ModelSuite.Result hybrid = ModelSuite.train(log(), Catalog.of(DATA.items()),
                ModelSuite.Params.defaults().withValidationUsers(0), Set.of(Hybrid.TYPE), (phase, done, total) -> { },
                END, END + 5);
        assertThat(hybrid.get(Hybrid.TYPE).info().trainedAt()).isEqualTo(END + 5);
        assertThat(hybrid.models().keySet()).containsExactlyInAnyOrder("als", "item_knn", "content", "hybrid");
        assertThat(hybrid.hybridWeights()).isEqualTo(Hybrid.Weights.defaults());
    }
}
