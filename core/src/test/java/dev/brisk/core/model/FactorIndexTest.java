package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
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

    /**
     * Skipped items (a history that cannot be listed) take no places: the next-best items take them, found
     * as often as by a search that many places wider which keeps the skipped ones (what serving did before).
     */
    @Test
    void skippedItemsAreLeftOutAndTheNextOnesFound() {
        int queries = 100;
        int found = 0;
        int baseline = 0;
        for (int q = 0; q < queries; q++) {
            float[] user = DATA.userLike(1 + q % 8);
            int[] exact = DATA.exactTop(user, 40);
            IntOpenHashSet skip = new IntOpenHashSet(Arrays.copyOf(exact, 30));
            int[] nearest = INDEX.nearest(user, PersonalRecommender.MIN_CANDIDATES, skip);
            assertThat(nearest).hasSize(PersonalRecommender.MIN_CANDIDATES).doesNotHaveDuplicates();
            assertThat(Arrays.stream(nearest).filter(skip::contains)).isEmpty();
            found += overlap(nearest, Arrays.copyOfRange(exact, 30, 40));
            baseline += overlap(INDEX.nearest(user, PersonalRecommender.MIN_CANDIDATES + 30), Arrays.copyOfRange(exact, 30, 40));
        }
        System.out.printf("recall of the exact 31st to 40th among %d candidates skipping the first 30: %.3f;"
                + " searching 30 wider instead: %.3f%n", PersonalRecommender.MIN_CANDIDATES, found / (queries * 10.0),
                baseline / (queries * 10.0));
        assertThat(found).isGreaterThanOrEqualTo(baseline - queries / 10);
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
