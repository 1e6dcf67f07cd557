package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparseScoresTest {

    @Test
    void sumsPerItemListsEachTouchedItemOnceAndComesBackEmpty() {
        SparseScores.Pool pool = new SparseScores.Pool(5_000);
        SparseScores sums = pool.take();
        for (int i = 0; i < 3_000; i++) {
            sums.add(i % 1_500 * 3, 0.5f);
        }
        sums.add(7, -2f);
        assertThat(sums.size()).isEqualTo(1_501);
        assertThat(sums.value(3)).isEqualTo(1f);
        assertThat(sums.value(7)).isEqualTo(-2f);
        assertThat(sums.value(4)).isZero();
        assertThat(sums.item(0)).isZero();
        assertThat(sums.item(1_500)).isEqualTo(7);
        pool.give(sums);

        SparseScores again = pool.take();
        assertThat(again).isSameAs(sums);
        assertThat(again.size()).isZero();
        assertThat(again.value(3)).isZero();
        again.add(3, 1f);
        assertThat(again.size()).isEqualTo(1);
        assertThat(again.value(3)).isEqualTo(1f);
        assertThat(pool.take()).isNotSameAs(again);
    }
}
