package dev.brisk.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DenseTest {

    /**
     * The blocked sum of weighted outer products equals the row-by-row one in the lower triangle, for
     * list lengths around its chunk of 128 rows and factor counts that are and are not a multiple of
     * its blocks of four, and leaves the upper triangle as it was.
     */
    @ParameterizedTest
    @CsvSource({"1, 64", "3, 64", "127, 64", "128, 64", "129, 64", "700, 64", "300, 10", "5, 3", "260, 7"})
    void blockedOuterProductsEqualThemRowByRow(int n, int k) {
        SplittableRandom random = new SplittableRandom(n * 31L + k);
        int items = 1_000;
        float[] factors = new float[items * k];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = (float) random.nextGaussian();
        }
        int[] rows = new int[n];
        double[] weights = new double[n];
        for (int j = 0; j < n; j++) {
            rows[j] = random.nextInt(items) * k;
            weights[j] = j % 5 == 0 ? 0.0 : 40 * random.nextDouble();
        }
        double[] start = new double[k * k];
        for (int e = 0; e < start.length; e++) {
            start[e] = random.nextGaussian();
        }
        double[] expected = start.clone();
        for (int j = 0; j < n; j++) {
            Dense.addOuterLower(expected, factors, rows[j], weights[j], k);
        }
        double[] blocked = start.clone();
        Dense.addOutersLower(blocked, factors, rows, weights, n, k, Dense.outerScratch(n, k));

        double largest = 0;
        for (double v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1.0, "the sums are not trivially small");
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                int e = r * k + c;
                if (c <= r) {
                    assertEquals(expected[e], blocked[e], 1e-9 * largest, "lower triangle at " + r + ", " + c);
                } else {
                    assertEquals(start[e], blocked[e], 0.0, "upper triangle at " + r + ", " + c + " is left alone");
                }
            }
        }
    }
}
