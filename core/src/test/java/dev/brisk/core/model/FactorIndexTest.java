package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.Arrays;
import java.util.List;
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

    /** Two threads build the graph together; searches run from several threads at once and find what one would. */
    @Test
    void aGraphBuiltByTwoThreadsFindsAsWellAndServesConcurrentSearches() throws Exception {
        boolean[] all = new boolean[DATA.items];
        Arrays.fill(all, true);
        FactorIndex index;
        try (Workers workers = Workers.start(2, Thread::new)) {
            index = FactorIndex.build(DATA.factors, all, DATA.k, workers);
        }
        assertThat(index.size()).isEqualTo(DATA.items);
        int queries = 200;
        float[][] users = new float[queries][];
        int found = 0;
        for (int q = 0; q < queries; q++) {
            users[q] = DATA.userLike(1 + q % 8);
            int[] top = index.nearest(users[q], PersonalRecommender.MIN_CANDIDATES);
            found += overlap(top, DATA.exactTop(users[q], 10));
        }
        System.out.printf("recall@10 of %d candidates, graph built by 2 threads: %.4f%n",
                PersonalRecommender.MIN_CANDIDATES, found / (queries * 10.0));
        assertThat(found / (queries * 10.0)).isGreaterThanOrEqualTo(0.95);

        int[][] alone = new int[queries][];
        for (int q = 0; q < queries; q++) {
            alone[q] = index.nearest(users[q], 50);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> same = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                same.add(pool.submit(() -> {
                    boolean all50 = true;
                    for (int round = 0; round < 5; round++) {
                        for (int q = 0; q < queries; q++) {
                            all50 &= Arrays.equals(index.nearest(users[q], 50), alone[q]);
                        }
                    }
                    return all50;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : same) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
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
