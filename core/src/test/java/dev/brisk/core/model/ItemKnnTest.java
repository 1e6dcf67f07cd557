package dev.brisk.core.model;

import static dev.brisk.core.model.ModelFixtures.ids;
import static dev.brisk.core.model.ModelFixtures.query;
import static dev.brisk.core.model.ModelFixtures.views;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ItemKnnTest {
    private static final InteractionMatrix MATRIX = ModelFixtures.matrix();
    private static final ItemIndex INDEX = ItemIndex.of(MATRIX, ModelFixtures.catalog());
    private static final ItemKnn MODEL = ItemKnn.train(MATRIX, INDEX, new ItemKnn.Params(10, 0, 0.5, 500),
            Workers.single(), TrainingProgress.NONE, null);

    private static int at(String id) {
        return INDEX.ids().indexOf(id);
    }

    @Test
    void similarityIsTheCosineOfDampedWeightsAndNeverCrossesGroups() {
        // c1 is viewed (weight 1) by all six comedy fans; c3 by three of them.
        double one = Math.log1p(1);
        double expected = 3 * one * one / (Math.sqrt(6 * one * one) * Math.sqrt(3 * one * one));
        assertThat(MODEL.similarity(at("c1"), at("c3"))).isCloseTo((float) expected, within(1e-6f));
        assertThat(MODEL.similarity(at("c1"), at("c3"))).isEqualTo(MODEL.similarity(at("c3"), at("c1")));
        assertThat(MODEL.similarity(at("c1"), at("h1"))).isZero();
        assertThat(MODEL.similarity(at("c3"), at("c4"))).isZero(); // never seen by the same user
        assertThat(MODEL.neighbourCount(at("d1"))).isZero();
    }

    @Test
    void recommendsFromTheHistoryWithTheHistoryItemThatContributedMost() {
        List<Recommendation> recs = MODEL.recommend(query(views("u", "c3"), 3));
        assertThat(ids(recs)).startsWith("c1", "c2").hasSize(3); // c3's only neighbours, then the trend
        assertThat(recs.get(2).explanation().kind()).isEqualTo("popular");
        Recommendation first = recs.stream().filter(r -> r.itemId().equals("c1")).findFirst().orElseThrow();
        assertThat(first.explanation().kind()).isEqualTo("because_you");
        assertThat(first.explanation().text()).isEqualTo("Because you watched Comedy 3");
        assertThat(first.explanation().becauseOf()).containsExactly("c3");
    }

    @Test
    void aNewEventChangesTheNextList() {
        List<Event> history = new ArrayList<>(views("u", "c1"));
        assertThat(ids(MODEL.recommend(query(history, 2)))).allMatch(id -> id.startsWith("c"));
        history.add(0, ModelFixtures.event("u", "h1", EventType.PURCHASE, ModelFixtures.T0 + 20_000_000));
        assertThat(ids(MODEL.recommend(query(history, 2)))).allMatch(id -> id.startsWith("h"));
    }

    @Test
    void honoursTheFilterAndTheGenreAndFillsUpFromTheTrend() {
        RecommendQuery filtered = new RecommendQuery("u", views("u", "c1"), 3, null,
                id -> !id.equals("c1") && !id.equals("c2"));
        List<Recommendation> recs = MODEL.recommend(filtered);
        assertThat(ids(recs)).doesNotContain("c1", "c2").hasSize(3);
        assertThat(recs.get(2).explanation().kind()).isEqualTo("popular"); // only c3, c4 are neighbours

        RecommendQuery horror = new RecommendQuery("u", views("u", "c1"), 5, "horror", CandidateFilter.ANY);
        assertThat(ids(MODEL.recommend(horror))).hasSize(4).allMatch(id -> id.startsWith("h"));
    }

    @Test
    void aDislikePushesItsNeighboursDown() {
        List<Event> history = new ArrayList<>(views("u", "c1", "h1"));
        List<String> before = ids(MODEL.recommend(query(history, 8)));
        history.add(0, ModelFixtures.event("u", "h2", EventType.DISLIKE, ModelFixtures.T0 + 20_000_000));
        history.add(0, ModelFixtures.event("u", "h3", EventType.DISLIKE, ModelFixtures.T0 + 20_000_001));
        List<String> after = ids(MODEL.recommend(query(history, 8)));
        assertThat(after.indexOf("h4")).isGreaterThan(before.indexOf("h4"));
    }

    @Test
    void usersWithoutHistoryGetTheTrend() {
        List<Recommendation> recs = MODEL.recommend(query(List.of(), 2));
        assertThat(ids(recs)).containsExactlyInAnyOrder("c2", "h2"); // the clicked ones weigh most
        assertThat(recs).allMatch(r -> r.explanation().kind().equals("popular"));
    }

    @Test
    void listsSimilarItems() {
        List<Recommendation> similar = MODEL.similar("c1", 5, CandidateFilter.ANY);
        assertThat(ids(similar)).hasSize(3).startsWith("c2").contains("c3", "c4");
        assertThat(similar.get(0).explanation().text()).contains("Comedy 1");
        assertThat(MODEL.similar("d1", 5, CandidateFilter.ANY)).isEmpty();
        assertThat(MODEL.similar("nope", 5, CandidateFilter.ANY)).isEmpty();
        assertThat(ids(MODEL.similar("c1", 5, id -> !id.equals("c2")))).containsExactlyInAnyOrder("c3", "c4");
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreads() {
        ItemKnn two;
        try (Workers workers = Workers.start(2, Executors.defaultThreadFactory())) {
            two = ItemKnn.train(MATRIX, INDEX, new ItemKnn.Params(10, 0, 0.5, 500), workers, TrainingProgress.NONE, null);
        }
        for (int a = 0; a < INDEX.size(); a++) {
            for (int b = 0; b < INDEX.size(); b++) {
                assertThat(two.similarity(a, b)).isEqualTo(MODEL.similarity(a, b));
            }
        }
        assertThat(MODEL.info().parameters()).containsEntry("neighbours", 10);
    }
}
