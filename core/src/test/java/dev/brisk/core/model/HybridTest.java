package dev.brisk.core.model;

import static dev.brisk.core.model.ModelFixtures.ids;
import static dev.brisk.core.model.ModelFixtures.query;
import static dev.brisk.core.model.ModelFixtures.views;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HybridTest {
    private static final InteractionMatrix MATRIX = ModelFixtures.matrix();
    private static final ItemIndex INDEX = ItemIndex.of(MATRIX, ModelFixtures.catalog());
    private static final ImplicitAls ALS = ImplicitAls.train(MATRIX, INDEX,
            new ImplicitAls.Params(4, 15, 0.1, 2.0, ImplicitAls.Solver.CG, 3, 7), Workers.single(),
            TrainingProgress.NONE, null);
    private static final ItemKnn KNN = ItemKnn.train(MATRIX, INDEX, new ItemKnn.Params(10, 0, 0.5, 500),
            Workers.single(), TrainingProgress.NONE, null);
    private static final ContentModel CONTENT = ContentModel.train(MATRIX, INDEX, ContentModel.Params.defaults(), null);

    private static Hybrid hybrid(double als, double knn, double recent, double content, double popular) {
        return Hybrid.of(ALS, KNN, CONTENT, new Hybrid.Weights(als, knn, recent, content, popular), Map.of("tuned", false));
    }

    @Test
    void aSinglePartWeightRanksLikeThatPart() {
        var history = views("u", "c3", "h1");
        RecommendQuery q = query(history, 6);
        // Equal kNN scores (c1, c2) may come in either order: compare the lists as sets, and the leader.
        assertThat(ids(hybrid(0, 1, 0, 0, 0).recommend(q))).containsExactlyInAnyOrderElementsOf(ids(KNN.recommend(q)))
                .startsWith(ids(KNN.recommend(q)).get(0));
        assertThat(ids(hybrid(0, 0, 0, 1, 0).recommend(q)).subList(0, 5))
                .isEqualTo(ids(CONTENT.recommend(q)).subList(0, 5));
    }

    @Test
    void eachPartIsStandardisedOverTheCandidatesAlone() {
        Hybrid model = hybrid(0.5, 0.2, 0.1, 0.1, 0.1);
        assertThat(model.scaling()).isEqualTo(Hybrid.Scaling.Z_SCORE);
        UserVector user = UserVector.of(views("u", "c3", "h1"), INDEX.ids(), model.settings());
        Hybrid.Parts parts = model.parts(user);
        java.util.Set<Integer> history = new java.util.HashSet<>();
        for (int k = 0; k < user.size(); k++) {
            history.add(user.item(k));
        }
        int candidates = INDEX.size() - history.size();
        for (int p = 0; p < Hybrid.PARTS.size(); p++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < INDEX.size(); i++) {
                if (!history.contains(i)) {
                    sum += parts.scaled[p][i];
                    squares += parts.scaled[p][i] * parts.scaled[p][i];
                }
            }
            assertThat(sum / candidates).as(Hybrid.PARTS.get(p) + " mean over the candidates").isCloseTo(0, within(1e-5));
            // A part with no score for this user (or the same for every candidate) is all zeros.
            double variance = squares / candidates;
            assertThat(variance == 0 ? 1 : variance).as(Hybrid.PARTS.get(p) + " variance over the candidates")
                    .isCloseTo(1, within(1e-4));
            if (p == 0) {
                assertThat(variance).as("ALS scores this user").isPositive();
            }
        }
    }

    @Test
    void explainsWithThePartThatAddedMost() {
        Hybrid mostlyKnn = hybrid(0.1, 0.8, 0, 0.05, 0.05);
        Recommendation first = mostlyKnn.recommend(query(views("u", "c3"), 1)).get(0);
        assertThat(first.explanation().kind()).isEqualTo("because_you");
        assertThat(first.explanation().becauseOf()).containsExactly("c3");

        Hybrid mostlyContent = hybrid(0, 0, 0, 1, 0);
        assertThat(mostlyContent.recommend(query(views("u", "c3"), 1)).get(0).explanation().kind()).isEqualTo("genre");

        Hybrid mostlyPopular = hybrid(0, 0, 0, 0, 1);
        assertThat(mostlyPopular.recommend(query(views("u", "c3"), 1)).get(0).explanation().kind()).isEqualTo("popular");
    }

    @Test
    void usersWithoutHistoryGetPopularItemsAndFiltersHold() {
        Hybrid model = hybrid(0.5, 0.2, 0.1, 0.1, 0.1);
        assertThat(model.recommend(query(List.of(), 3))).allMatch(r -> r.explanation().kind().equals("popular"));
        RecommendQuery q = new RecommendQuery("u", views("u", "c1"), 4, "horror", id -> !id.equals("h2"));
        assertThat(ids(model.recommend(q))).containsExactlyInAnyOrder("h1", "h3", "h4");
        assertThat(model.info().parameters()).containsKey("weights").containsEntry("tuned", false);
        assertThat(ids(model.similar("c1", 2, CandidateFilter.ANY))).startsWith("c2");
    }

    @Test
    void partsMustShareTheirMatrix() {
        InteractionMatrix other = ModelFixtures.matrix();
        ItemIndex otherIndex = ItemIndex.of(other, ModelFixtures.catalog());
        ContentModel foreign = ContentModel.train(other, otherIndex, ContentModel.Params.defaults(), null);
        assertThatThrownBy(() -> Hybrid.of(ALS, KNN, foreign, Hybrid.Weights.defaults(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hybrid.Weights(0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
