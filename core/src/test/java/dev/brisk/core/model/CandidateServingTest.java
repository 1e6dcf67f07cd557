package dev.brisk.core.model;

import static dev.brisk.core.model.ModelFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.event.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Serving a large catalog from the candidates of a factor index: the same lists as scoring every item. */
class CandidateServingTest {
    private static final GeneratedFactors DATA = GeneratedFactors.LARGE;
    private static final ImplicitAls EXACT = DATA.model;
    private static final ImplicitAls FROM_CANDIDATES = EXACT.withCandidates(GeneratedFactors.LARGE_INDEX);
    private static final Hybrid HYBRID = hybrid();

    @Test
    void onlyTheCopyWithAnIndexServesFromCandidates() {
        assertThat(EXACT.servesFromCandidates()).isFalse();
        assertThat(FROM_CANDIDATES.servesFromCandidates()).isTrue();
        assertThat(FROM_CANDIDATES.info()).isEqualTo(EXACT.info());
    }

    @Test
    void alsListsWhatScoringEveryItemLists() {
        assertThat(recall(EXACT, FROM_CANDIDATES, history -> unseen(history))).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void theHybridListsWhatScoringEveryItemLists() {
        Hybrid fromCandidates = HYBRID.withCandidates(GeneratedFactors.LARGE_INDEX);
        assertThat(fromCandidates.als().servesFromCandidates()).isTrue();
        assertThat(recall(HYBRID, fromCandidates, history -> unseen(history))).isGreaterThanOrEqualTo(0.95);
    }

    /**
     * Every part is standardised by its mean and spread over the whole catalog, computed without scoring
     * it: a candidate's blended score and its explanation are what scoring every item gives it.
     */
    @Test
    void theHybridScoresEachCandidateAsScoringEveryItemDoes() {
        Hybrid fromCandidates = HYBRID.withCandidates(GeneratedFactors.LARGE_INDEX);
        for (int u = 0; u < 20; u++) {
            List<Event> history = DATA.history("s" + u, 3 + 4 * u);
            UserVector user = UserVector.of(history, HYBRID.index().ids(), HYBRID.settings());
            UserScores all = HYBRID.score(user);
            CandidateScores some = fromCandidates.scoreCandidates(user, 200, null);
            assertThat(some.items()).isSorted().doesNotHaveDuplicates();
            assertThat(some.items().length).isBetween(200, DATA.items / 10);
            for (int c = 0; c < some.items().length; c++) {
                int item = some.items()[c];
                assertThat(some.scores()[c]).as("user %d, item %d", u, item)
                        .isCloseTo(all.values()[item], within(1e-4f));
                assertThat(some.why().apply(item)).isEqualTo(all.explain(item));
            }
        }
    }

    @Test
    void theHybridBlendsEveryPart() {
        List<Event> history = DATA.history("p", 20);
        UserVector user = UserVector.of(history, HYBRID.index().ids(), HYBRID.settings());
        float[][] scaled = HYBRID.parts(user).scaled;
        for (int p = 0; p < Hybrid.PARTS.size(); p++) {
            float[] part = scaled[p];
            boolean varies = false;
            for (float s : part) {
                varies |= s != part[0];
            }
            assertThat(varies).as(Hybrid.PARTS.get(p)).isTrue();
        }
    }

    @Test
    void seenAndRejectedItemsStayOut() {
        List<Event> history = DATA.history("u", 30);
        Set<String> seen = seen(history);
        // Reject the three best unseen items as well, as an inactive item would be.
        List<String> best = ids(EXACT.recommend(new RecommendQuery("u", history, 3, null, unseen(history))));
        CandidateFilter filter = unseen(history).and(id -> !best.contains(id));
        List<String> served = ids(FROM_CANDIDATES.recommend(new RecommendQuery("u", history, 20, null, filter)));
        assertThat(served).hasSize(20).doesNotContainAnyElementsOf(seen).doesNotContainAnyElementsOf(best);
        assertThat(served).isEqualTo(ids(EXACT.recommend(new RecommendQuery("u", history, 20, null, filter))));
    }

    /** A query that may list seen items searches them too (and one that may not, skips them). */
    @Test
    void seenItemsAreCandidatesWhenTheQueryMayListThem() {
        List<Event> history = DATA.history("u", 30);
        RecommendQuery any = new RecommendQuery("u", history, 20, null, CandidateFilter.ANY);
        List<String> exact = ids(EXACT.recommend(any));
        assertThat(exact).containsAnyElementsOf(seen(history));
        assertThat(ids(FROM_CANDIDATES.recommend(any))).isEqualTo(exact);
        Hybrid fromCandidates = HYBRID.withCandidates(GeneratedFactors.LARGE_INDEX);
        List<String> blended = ids(HYBRID.recommend(any));
        assertThat(blended).containsAnyElementsOf(seen(history));
        assertThat(ids(fromCandidates.recommend(any))).isEqualTo(blended);
    }

    @Test
    void aGenreAmongTheCandidatesIsServedFromThem() {
        List<Event> history = DATA.history("u", 12);
        String genre = GeneratedFactors.genre(GeneratedFactors.topicOf(index(history.get(0).itemId())));
        RecommendQuery query = new RecommendQuery("u", history, 10, genre, unseen(history));
        List<Recommendation> served = FROM_CANDIDATES.recommend(query);
        assertThat(served).hasSize(10).allMatch(r -> r.score() != 0.0)
                .allMatch(r -> EXACT.index().inGenre(genre, index(r.itemId())));
        assertThat(ids(served)).isEqualTo(ids(EXACT.recommend(query)));
    }

    @Test
    void aGenreTooRareAmongTheCandidatesIsScoredInFull() {
        List<Event> history = DATA.history("u", 12);
        Set<Integer> topics = new HashSet<>();
        history.forEach(e -> topics.add(GeneratedFactors.topicOf(index(e.itemId()))));
        int other = 0;
        while (topics.contains(other)) {
            other++;
        }
        String genre = GeneratedFactors.genre(other);
        RecommendQuery query = new RecommendQuery("u", history, 10, genre, unseen(history));
        List<Recommendation> served = FROM_CANDIDATES.recommend(query);
        // Not the trend's fill: the best-scored items of the genre, as scoring every item finds them.
        assertThat(served).hasSize(10).allMatch(r -> EXACT.index().inGenre(genre, index(r.itemId())));
        assertThat(ids(served)).isEqualTo(ids(EXACT.recommend(query)));
    }

    /** The share of the exact top 20 that the other model lists too, over 100 users. */
    private static double recall(Recommender exact, Recommender other, Function<List<Event>, CandidateFilter> filter) {
        int found = 0;
        int users = 100;
        for (int u = 0; u < users; u++) {
            List<Event> history = DATA.history("u" + u, 5 + u % 40);
            List<String> want = ids(exact.recommend(new RecommendQuery("u", history, 20, null, filter.apply(history))));
            List<String> got = ids(other.recommend(new RecommendQuery("u", history, 20, null, filter.apply(history))));
            found += (int) got.stream().filter(want::contains).count();
        }
        double recall = found / (users * 20.0);
        System.out.printf("recall@20 of %s served from candidates: %.4f%n", exact.type(), recall);
        return recall;
    }

    /** Every part trained on 3,000 users of the generated catalog, each weighed. */
    private static Hybrid hybrid() {
        InteractionLog.Builder log = InteractionLog.builder();
        for (int u = 0; u < 3_000; u++) {
            DATA.history("trained" + u, 15).forEach(log::add);
        }
        InteractionLog trained = log.build();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < DATA.items; i++) {
            items.add(GeneratedFactors.id(i));
        }
        InteractionMatrix matrix = InteractionMatrix.build(trained, items, ModelFixtures.SETTINGS,
                GeneratedFactors.T0 + 1);
        ItemIndex index = EXACT.index();
        ItemKnn knn = ItemKnn.train(matrix, index, ItemKnn.Params.defaults(), Workers.single(), TrainingProgress.NONE, null);
        ContentModel content = ContentModel.train(matrix, index, ContentModel.Params.defaults(), null);
        SequentialRules rules = SequentialRules.train(trained, index, FeedbackWeights.defaults(), Workers.single());
        return Hybrid.of(EXACT, knn, content, rules, new Hybrid.Weights(0.5, 0.2, 0.1, 0.1, 0.1, 0.2), null);
    }

    private static Set<String> seen(List<Event> history) {
        Set<String> seen = new HashSet<>();
        history.forEach(e -> seen.add(e.itemId()));
        return seen;
    }

    private static CandidateFilter unseen(List<Event> history) {
        Set<String> seen = seen(history);
        return id -> !seen.contains(id);
    }

    private static int index(String itemId) {
        return EXACT.index().ids().indexOf(itemId);
    }
}
