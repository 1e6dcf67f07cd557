package dev.brisk.core.experiments;

/** A point estimate and the variance of its sampling distribution (normal approximation). */
public record Estimate(double value, double variance) {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = Distributions.normalQuantile(0.975);

    public double standardError() {
        return Math.sqrt(variance);
    }

    /** The 95% interval [value − 1.96 SE, value + 1.96 SE]; NaNs while the variance is unknown. */
    public double[] ci95() {
        double half = Z95 * standardError();
        return new double[] {value - half, value + half};
    }

    /** Whether both the value and its variance are known. */
    public boolean known() {
        return Double.isFinite(value) && Double.isFinite(variance);
    }
}
