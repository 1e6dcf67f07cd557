package dev.brisk.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every expected value below is worked out by hand in the comment next to it. */
class RankingMetricsTest {
    private static final List<String> RANKED = List.of("a", "b", "c", "d", "e");
    private static final Set<String> RELEVANT = Set.of("b", "d", "x");

    @Test
    void precisionAndRecall() {
        assertThat(RankingMetrics.precision(RANKED, RELEVANT, 1)).isZero();              // a: miss
        assertThat(RankingMetrics.precision(RANKED, RELEVANT, 2)).isEqualTo(0.5);         // 1 of 2
        assertThat(RankingMetrics.precision(RANKED, RELEVANT, 5)).isEqualTo(0.4);         // 2 of 5
        assertThat(RankingMetrics.precision(RANKED, RELEVANT, 10)).isEqualTo(0.2);        // 2 of 10: short lists miss
        assertThat(RankingMetrics.recall(RANKED, RELEVANT, 2)).isEqualTo(1.0 / 3);        // b of {b, d, x}
        assertThat(RankingMetrics.recall(RANKED, RELEVANT, 5)).isEqualTo(2.0 / 3);
        assertThat(RankingMetrics.recall(RANKED, Set.of(), 5)).isZero();
    }

    @Test
    void hitRate() {
        assertThat(RankingMetrics.hitRate(RANKED, RELEVANT, 1)).isZero();
        assertThat(RankingMetrics.hitRate(RANKED, RELEVANT, 2)).isEqualTo(1.0);
        assertThat(RankingMetrics.hitRate(List.of(), RELEVANT, 10)).isZero();
    }

    @Test
    void ndcg() {
        // Hits at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161.
        // Ideal with 3 relevant items in the top 5: 1 + 1/log2(3) + 1/log2(4) = 1 + 0.63093 + 0.5 = 2.13093.
        assertThat(RankingMetrics.ndcg(RANKED, RELEVANT, 5)).isCloseTo(1.06161 / 2.13093, within(1e-5));
        // At k = 2: DCG = 0.63093; ideal = 1 + 0.63093.
        assertThat(RankingMetrics.ndcg(RANKED, RELEVANT, 2)).isCloseTo(0.63093 / 1.63093, within(1e-5));
        // A perfect list scores 1; one relevant item at rank 1 with k = 10 as well.
        assertThat(RankingMetrics.ndcg(List.of("b", "d", "x"), RELEVANT, 10)).isCloseTo(1.0, within(1e-12));
        assertThat(RankingMetrics.ndcg(List.of("q", "z"), Set.of("q"), 10)).isCloseTo(1.0, within(1e-12));
        assertThat(RankingMetrics.ndcg(List.of("z", "q"), Set.of("q"), 10)).isCloseTo(0.63093, within(1e-5));
        assertThat(RankingMetrics.ndcg(RANKED, Set.of(), 5)).isZero();
    }
}
