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
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {
    private static final InteractionMatrix MATRIX = ModelFixtures.matrix();
    private static final ItemIndex INDEX = ItemIndex.of(MATRIX, ModelFixtures.catalog());
    private static final ImplicitAls.Params PARAMS = new ImplicitAls.Params(4, 15, 0.1, 2.0, ImplicitAls.Solver.CG, 3, 7);
    private static final ImplicitAls MODEL = ImplicitAls.train(MATRIX, INDEX, PARAMS, Workers.single(),
            TrainingProgress.NONE, Map.of("ndcg@10", 0.5));

    @Test
    void foldInPlacesAUserInTheGroupOfTheirHistory() {
        List<String> comedyFan = ids(MODEL.recommend(query(views("u", "c1"), 4)));
        assertThat(comedyFan.subList(0, 3)).allMatch(id -> id.startsWith("c"));
        List<String> horrorFan = ids(MODEL.recommend(query(views("u", "h3"), 4)));
        assertThat(horrorFan.subList(0, 3)).allMatch(id -> id.startsWith("h"));
    }

    @Test
    void aNewEventChangesTheNextListWithoutRetraining() {
        List<Event> history = new ArrayList<>(views("u", "c1", "c3"));
        assertThat(ids(MODEL.recommend(query(history, 3)))).allMatch(id -> id.startsWith("c"));
        history.add(0, ModelFixtures.event("u", "h2", EventType.PURCHASE, ModelFixtures.T0 + 20_000_000));
        history.add(0, ModelFixtures.event("u", "h1", EventType.LIKE, ModelFixtures.T0 + 20_000_001));
        List<Recommendation> after = MODEL.recommend(query(history, 3));
        assertThat(ids(after).get(0)).startsWith("h");
        assertThat(after.get(0).explanation().becauseOf()).allMatch(id -> id.startsWith("h"));
    }

    @Test
    void foldInSolvesTheUsersLeastSquaresExactly() {
        // For a history of one item j with weight w: (YᵀY + λI + (c−1) y_j y_jᵀ) x = c y_j.
        UserVector user = UserVector.of(views("u", "c2"), INDEX.ids(), ModelFixtures.SETTINGS);
        float[] x = MODEL.userFactors(user);
        int k = MODEL.factors();
        double[] lhs = new double[k];
        double c = 1 + PARAMS.alpha() * 1.0;
        int j = INDEX.ids().indexOf("c2");
        double[][] factors = itemFactors(k);
        for (int r = 0; r < k; r++) {
            double s = PARAMS.regularization() * x[r];
            for (int i = 0; i < INDEX.size(); i++) {
                s += factors[i][r] * dot(factors[i], x);
            }
            s += (c - 1) * factors[j][r] * dot(factors[j], x);
            lhs[r] = s;
            assertThat(lhs[r]).isCloseTo(c * factors[j][r], within(1e-3));
        }
    }

    /** The model's item factors (private: the test reads them to check the normal equations). */
    private static double[][] itemFactors(int k) {
        try {
            var field = ImplicitAls.class.getDeclaredField("itemFactors");
            field.setAccessible(true);
            float[] flat = (float[]) field.get(MODEL);
            double[][] out = new double[INDEX.size()][k];
            for (int i = 0; i < INDEX.size(); i++) {
                for (int f = 0; f < k; f++) {
                    out[i][f] = flat[i * k + f];
                }
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int f = 0; f < a.length; f++) {
            s += a[f] * b[f];
        }
        return s;
    }

    @Test
    void choleskyAndConjugateGradientAgree() {
        ImplicitAls exact = ImplicitAls.train(MATRIX, INDEX, PARAMS.withSolver(ImplicitAls.Solver.CHOLESKY),
                Workers.single(), TrainingProgress.NONE, null);
        for (String item : new String[] {"c1", "h2"}) {
            assertThat(ids(exact.recommend(query(views("u", item), 3))))
                    .isEqualTo(ids(MODEL.recommend(query(views("u", item), 3))));
        }
    }

    @Test
    void trainingIsDeterministicWhateverTheThreads() {
        ImplicitAls again;
        try (Workers workers = Workers.start(3, Executors.defaultThreadFactory())) {
            again = ImplicitAls.train(MATRIX, INDEX, PARAMS, workers, TrainingProgress.NONE, null);
        }
        var a = MODEL.recommend(query(views("u", "c1", "h1"), 9));
        var b = again.recommend(query(views("u", "c1", "h1"), 9));
        assertThat(b).isEqualTo(a);
    }

    @Test
    void honoursFilterAndGenreAndRecordsItsParameters() {
        RecommendQuery q = new RecommendQuery("u", views("u", "c1"), 3, "Comedy", id -> !id.equals("c2"));
        assertThat(ids(MODEL.recommend(q))).doesNotContain("c2").allMatch(id -> id.startsWith("c"));
        assertThat(MODEL.info().type()).isEqualTo("als");
        assertThat(MODEL.info().parameters()).containsEntry("factors", 4).containsEntry("solver", "cg")
                .containsEntry("offline_metrics", Map.of("ndcg@10", 0.5));
        assertThat(MODEL.info().interactions()).isEqualTo(MATRIX.events());
    }

    @Test
    void itemsNobodyTouchedAreNotRankedButFoundBySimilarity() {
        List<Recommendation> all = MODEL.recommend(query(views("u", "c1"), 9));
        assertThat(ids(all).subList(0, 8)).doesNotContain("d1");
        assertThat(all.get(8).itemId()).isEqualTo("d1");
        assertThat(all.get(8).explanation().kind()).isEqualTo("popular");
        assertThat(ids(MODEL.similar("h1", 2, CandidateFilter.ANY))).allMatch(id -> id.startsWith("h"));
    }
}
