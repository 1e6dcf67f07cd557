package dev.brisk.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.ContentModel;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ALS and the hybrid get their candidate index when published, from the catalog size on that is configured. */
class CandidateIndexesTest {
    private static final long NOW = java.time.Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final DemoData DATA = new DemoDataGenerator().generate(
            new DemoDataGenerator.Config(3, 1200, 300, 15_000, 30, NOW));
    private static final ImplicitAls ALS;
    private static final Hybrid HYBRID;

    static {
        InteractionLog.Builder log = InteractionLog.builder();
        DATA.events().forEach(log::add);
        Catalog catalog = Catalog.of(DATA.items());
        InteractionMatrix matrix = InteractionMatrix.build(log.build(),
                DATA.items().stream().map(Item::itemId).sorted().toList(), InteractionMatrix.Settings.defaults(), NOW);
        ItemIndex index = ItemIndex.of(matrix, catalog);
        ImplicitAls.Params params = ImplicitAls.Params.defaults();
        ALS = ImplicitAls.train(matrix, index, new ImplicitAls.Params(32, 5, params.regularization(), params.alpha(),
                params.solver(), params.cgSteps(), 2), Workers.single(), TrainingProgress.NONE, null);
        HYBRID = Hybrid.of(ALS, ItemKnn.train(matrix, index, ItemKnn.Params.defaults(), Workers.single(), TrainingProgress.NONE, null),
                ContentModel.train(matrix, index, ContentModel.Params.defaults(), null), Hybrid.Weights.defaults(), null);
    }

    @Test
    void aLargeCatalogIsServedFromCandidatesByAlsAndTheHybrid() {
        ModelRegistry registry = registry(1_000);
        registry.publish(ALS);
        registry.publish(HYBRID);
        Recommender als = registry.get(ImplicitAls.TYPE).orElseThrow();
        Recommender hybrid = registry.get(Hybrid.TYPE).orElseThrow();
        assertThat(((ImplicitAls) als).servesFromCandidates()).isTrue();
        assertThat(((Hybrid) hybrid).als().servesFromCandidates()).isTrue();
        assertThat(als.info()).isEqualTo(ALS.info());
        assertThat(hybrid.info()).isEqualTo(HYBRID.info());
        // What they serve is what the models as trained serve.
        for (int u = 0; u < 5; u++) {
            List<Event> history = historyOf("u" + (u * 37));
            assertThat(top(als, history)).isEqualTo(top(ALS, history));
            assertThat(top(hybrid, history)).isEqualTo(top(HYBRID, history));
        }
    }

    @Test
    void aModelReadFromTheStoreIsIndexedToo() {
        ModelRegistry registry = registry(1_000);
        assertThat(registry.publishIfNewer(ALS)).isTrue();
        assertThat(((ImplicitAls) registry.get(ImplicitAls.TYPE).orElseThrow()).servesFromCandidates()).isTrue();
    }

    @Test
    void aSmallerCatalogOrNoThresholdServesTheModelsAsTrained() {
        for (int minItems : new int[] {1_201, 0}) {
            ModelRegistry registry = registry(minItems);
            registry.publish(ALS);
            registry.publish(HYBRID);
            assertThat(registry.get(ImplicitAls.TYPE)).containsSame(ALS);
            assertThat(registry.get(Hybrid.TYPE)).containsSame(HYBRID);
        }
    }

    private static ModelRegistry registry(int minItems) {
        return new ModelRegistry(List.of(ImplicitAls.TYPE, Hybrid.TYPE), Hybrid.TYPE, new CandidateIndexes(minItems, Workers.single()));
    }

    /** The user's events, newest first. */
    private static List<Event> historyOf(String user) {
        List<Event> history = new java.util.ArrayList<>(DATA.events().stream().filter(e -> e.userId().equals(user))
                .toList());
        java.util.Collections.reverse(history);
        return history;
    }

    private static List<String> top(Recommender model, List<Event> history) {
        return model.recommend(new RecommendQuery("u", history, 5, null, null)).stream()
                .map(Recommendation::itemId).toList();
    }
}
