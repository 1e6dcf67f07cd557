package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionMatrixTest {
    private static final long DAY = 86_400_000L;

    private static float entry(InteractionMatrix m, String user, String item) {
        int u = m.users().indexOf(user);
        int i = m.items().indexOf(item);
        for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
            if (m.rowItem(p) == i) {
                return m.rowValue(p);
            }
        }
        return 0f;
    }

    @Test
    void sumsTheSignedWeightsOfEachPairAndSkipsImpressions() {
        InteractionLog log = InteractionLog.builder()
                .add("u1", "a", EventType.VIEW, Double.NaN, 1)
                .add("u1", "a", EventType.CLICK, Double.NaN, 2)
                .add("u1", "a", EventType.PURCHASE, Double.NaN, 3)
                .add("u1", "b", EventType.DISLIKE, Double.NaN, 4)
                .add("u1", "c", EventType.IMPRESSION, Double.NaN, 5)
                .add("u2", "a", EventType.RATING, 1.0, 6)
                .add("u2", "b", EventType.RATING, 4.5, 7)
                .build();
        InteractionMatrix m = InteractionMatrix.build(log, List.of("d"), InteractionMatrix.Settings.defaults(), 10);

        assertThat(entry(m, "u1", "a")).isEqualTo(1 + 2 + 5);
        assertThat(entry(m, "u1", "b")).isEqualTo(-4);
        assertThat(entry(m, "u1", "c")).isZero();
        assertThat(entry(m, "u2", "a")).isEqualTo(-1.5f);
        assertThat(entry(m, "u2", "b")).isEqualTo(2.0f);
        assertThat(m.nonZeros()).isEqualTo(4);
        assertThat(m.events()).isEqualTo(6);
        // Items of the catalog nobody touched get an empty column; impression-only items keep theirs empty too.
        assertThat(m.items().indexOf("d")).isGreaterThanOrEqualTo(0);
        assertThat(m.itemDegree(m.items().indexOf("d"))).isZero();
        assertThat(m.itemDegree(m.items().indexOf("c"))).isZero();
    }

    @Test
    void columnsHoldTheSameEntriesAsRows() {
        InteractionMatrix m = ModelFixtures.matrix();
        int fromColumns = 0;
        for (int i = 0; i < m.itemCount(); i++) {
            for (int p = m.colStart(i); p < m.colEnd(i); p++) {
                assertThat(entry(m, m.users().idAt(m.colUser(p)), m.items().idAt(i))).isEqualTo(m.colValue(p));
                fromColumns++;
            }
        }
        assertThat(fromColumns).isEqualTo(m.nonZeros());
    }

    @Test
    void pairsThatCancelOutAreDropped() {
        InteractionLog log = InteractionLog.builder()
                .add("u1", "a", EventType.LIKE, Double.NaN, 1)
                .add("u1", "a", EventType.DISLIKE, Double.NaN, 2)
                .build();
        InteractionMatrix m = InteractionMatrix.build(log, List.of(), InteractionMatrix.Settings.defaults(), 10);
        assertThat(m.nonZeros()).isZero();
    }

    @Test
    void decayHalvesTheWeightEveryHalfLifeAndTrendOnlyCountsPositives() {
        InteractionLog log = InteractionLog.builder()
                .add("u1", "a", EventType.PURCHASE, Double.NaN, 10 * DAY)
                .add("u2", "a", EventType.PURCHASE, Double.NaN, 8 * DAY)
                .add("u1", "b", EventType.DISLIKE, Double.NaN, 10 * DAY)
                .build();
        var settings = new InteractionMatrix.Settings(FeedbackWeights.defaults(), 2, 1);
        InteractionMatrix m = InteractionMatrix.build(log, List.of(), settings, 10 * DAY);

        assertThat(entry(m, "u1", "a")).isCloseTo(5f, within(1e-5f));
        assertThat(entry(m, "u2", "a")).isCloseTo(2.5f, within(1e-5f));
        assertThat(m.trend(m.items().indexOf("a"))).isCloseTo(5f + 5f / 4, within(1e-4f));
        assertThat(m.trend(m.items().indexOf("b"))).isZero();
    }
}
