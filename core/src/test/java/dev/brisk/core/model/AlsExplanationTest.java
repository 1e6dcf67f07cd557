package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An ALS explanation names the history items with the largest shares c_j · y_iᵀ A⁻¹ y_j of the
 * item's score, largest first: the same items, in the same order, as every share computed from the
 * fold-in matrix summed row by row, for short and long histories.
 */
class AlsExplanationTest {

    @Test
    void theItemsNamedAreThoseOfEveryShareComputed() {
        GeneratedFactors generated = new GeneratedFactors(4_000, 32, 11);
        ImplicitAls als = generated.model;
        SplittableRandom random = new SplittableRandom(5);
        int compared = 0;
        int withThree = 0;
        for (int u = 0; u < 40; u++) {
            List<Event> history = generated.history("explained-" + u, u % 2 == 0 ? 30 : 700);
            UserVector user = UserVector.of(history, als.index().ids(), als.settings());
            ImplicitAls.Folded folded = als.fold(user);
            for (int e = 0; e < 10; e++) {
                int item = random.nextInt(generated.items);
                List<String> expected = everyShare(als, user, item);
                assertThat(folded.explain(item).becauseOf()).as("user %d, item %d", u, item).isEqualTo(expected);
                compared++;
                withThree += expected.size() == 3 ? 1 : 0;
            }
        }
        assertThat(compared).isEqualTo(400);
        assertThat(withThree).as("explanations naming three items").isGreaterThan(300);
    }

    /** The three largest positive shares, every liked item's computed, from the fold-in matrix summed row by row. */
    private static List<String> everyShare(ImplicitAls als, UserVector user, int item) {
        int k = als.k;
        double[] a = als.gram.clone();
        for (int h = 0; h < user.size(); h++) {
            Dense.addOuterLower(a, als.itemFactors, user.item(h) * k, als.alpha * Math.abs(user.weight(h)), k);
        }
        Dense.cholesky(a, k);
        double[] z = new double[k];
        for (int f = 0; f < k; f++) {
            z[f] = als.itemFactors[item * k + f];
        }
        Dense.solveCholesky(a, z, k);
        float[] share = new float[user.size()];
        for (int h = 0; h < user.size(); h++) {
            share[h] = Float.NaN;
            float v = user.weight(h);
            if (v > 0) {
                double s = (1 + als.alpha * v) * Dense.dot(als.itemFactors, user.item(h) * k, z, k);
                if (s > 0) {
                    share[h] = (float) s;
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int h : TopK.select(share, 3, p -> true)) {
            out.add(als.index().id(user.item(h)));
        }
        return out;
    }
}
