package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FactorIndexTest {
    private static final GeneratedFactors DATA = GeneratedFactors.LARGE;
    private static final FactorIndex INDEX = GeneratedFactors.LARGE_INDEX;

    @Test
    void theTopTenOfTheCandidatesAreTheExactTopTen() {
        int queries = 200;
        int found = 0;
        for (int q = 0; q < queries; q++) {
            float[] user = DATA.userLike(1 + q % 8);
            found += overlap(topOfCandidates(user, PersonalRecommender.MIN_CANDIDATES, 10), DATA.exactTop(user, 10));
        }
        double recall = found / (queries * 10.0);
        System.out.printf("recall@10 of %d candidates on %d x %d generated factors: %.4f%n",
                PersonalRecommender.MIN_CANDIDATES, DATA.items, DATA.k, recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void holdsEveryItemWithFactorsAndFindsNoneForAZeroUser() {
        assertThat(INDEX.size()).isEqualTo(DATA.items);
        assertThat(INDEX.nearest(new float[DATA.k], 10)).isEmpty();
        float[] user = DATA.userLike(3);
        int[] nearest = INDEX.nearest(user, 50);
        assertThat(nearest).hasSize(50).doesNotHaveDuplicates();
    }

    /** The best {@code n} of the index's {@code count} candidates, by exact dot product. */
    private static int[] topOfCandidates(float[] user, int count, int n) {
        float[] scores = new float[DATA.items];
        Arrays.fill(scores, Float.NaN);
        for (int i : INDEX.nearest(user, count)) {
            scores[i] = Dense.dot(DATA.factors, i * DATA.k, user, 0, DATA.k);
        }
        return TopK.select(scores, n, i -> true);
    }

    static int overlap(int[] a, int[] b) {
        int common = 0;
        for (int x : a) {
            for (int y : b) {
                common += x == y ? 1 : 0;
            }
        }
        return common;
    }
}
