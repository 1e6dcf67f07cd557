package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void picksTheHighestScoresBestFirstSkippingNanAndRejected() {
        float[] scores = {0.5f, Float.NaN, 0.9f, 0.1f, 0.7f, 0.9f, Float.NEGATIVE_INFINITY};
        assertThat(TopK.select(scores, 3, i -> true)).containsExactly(2, 5, 4);
        assertThat(TopK.select(scores, 3, i -> i != 5)).containsExactly(2, 4, 0);
        assertThat(TopK.select(scores, 10, i -> true)).containsExactly(2, 5, 4, 0, 3);
        assertThat(TopK.select(scores, 0, i -> true)).isEmpty();
    }

    @Test
    void choosesAmongTheGivenIndexesOnlyInAnyOrder() {
        float[] scores = {0.5f, Float.NaN, 0.9f, 0.1f, 0.7f, 0.9f, 0.8f};
        assertThat(TopK.select(scores, new int[] {3, 5, 1, 0, 2}, 3, i -> true)).containsExactly(2, 5, 0);
        assertThat(TopK.select(scores, new int[] {6, 3, 4}, 5, i -> i != 4)).containsExactly(6, 3);
    }

    @Test
    void agreesWithAFullSortOnRandomScores() {
        Random random = new Random(3);
        for (int round = 0; round < 50; round++) {
            float[] scores = new float[200];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = random.nextInt(50) / 10f; // many ties
            }
            int[] expected = IntStream.range(0, scores.length).boxed()
                    .filter(i -> i % 3 != 0)
                    .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b))
                    .limit(15).mapToInt(Integer::intValue).toArray();
            assertThat(TopK.select(scores, 15, i -> i % 3 != 0)).as(Arrays.toString(expected)).containsExactly(expected);
        }
    }

    @Test
    void asksTheFilterOnlyAboutItemsThatWouldEnterTheList() {
        float[] scores = new float[10_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i; // ascending: every item would enter; reversed order shows the saving
        }
        float[] descending = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            descending[i] = scores.length - i;
        }
        int[] asked = new int[1];
        TopK.select(descending, 10, i -> {
            asked[0]++;
            return true;
        });
        assertThat(asked[0]).isEqualTo(10);
    }
}
