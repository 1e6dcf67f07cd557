package dev.brisk.core.experiments;

/**
 * The sample-ratio-mismatch check: a chi-square goodness-of-fit test of the users each variant got
 * against the weights they should have got. A tiny p-value (below 0.001 by convention) means the
 * split itself is broken — assignment, logging or filtering — and the comparison cannot be trusted.
 */
public record SampleRatio(double chiSquare, int degreesOfFreedom, double pValue, double[] expected) {
    /** The conventional threshold under which a mismatch is reported. */
    public static final double WARN_BELOW = 0.001;

    public static SampleRatio test(long[] observed, double[] weights) {
        if (observed.length != weights.length || observed.length < 2) {
            throw new IllegalArgumentException("one observed count per weight, at least two");
        }
        double total = 0;
        double weightSum = 0;
        for (int i = 0; i < observed.length; i++) {
            total += observed[i];
            weightSum += weights[i];
        }
        double[] expected = new double[observed.length];
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            expected[i] = total * weights[i] / weightSum;
            if (expected[i] > 0) {
                double d = observed[i] - expected[i];
                chi += d * d / expected[i];
            }
        }
        int df = observed.length - 1;
        double p = total == 0 ? 1.0 : Distributions.chiSquareSurvival(chi, df);
        return new SampleRatio(chi, df, p, expected);
    }

    public boolean mismatch() {
        return pValue < WARN_BELOW;
    }
}
