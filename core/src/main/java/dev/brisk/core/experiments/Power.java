package dev.brisk.core.experiments;

/**
 * Sample size and minimum detectable effect of a two-sided z-test between two arms, from the
 * per-user variance of each arm's metric (n · Var(estimate)).
 */
public final class Power {
    public static final double ALPHA = 0.05;
    public static final double POWER = 0.8;

    private Power() {
    }

    /** z(1 − α/2) + z(power): 2.80 for α = 0.05 and 80% power. */
    public static double multiplier(double alpha, double power) {
        return Distributions.normalQuantile(1 - alpha / 2) + Distributions.normalQuantile(power);
    }

    /**
     * The smallest absolute difference the test would detect with 80% power at α = 0.05 given the
     * current variances of both arms' estimates: 2.80 · √(Vc + Vt).
     */
    public static double minimumDetectableEffect(Estimate control, Estimate treatment) {
        return multiplier(ALPHA, POWER) * Math.sqrt(control.variance() + treatment.variance());
    }

    /**
     * Users per arm needed to detect an absolute difference {@code delta} with 80% power at α = 0.05,
     * for equal arms with these per-user variances: n = 2.80² (σc² + σt²) / δ². Infinite for δ = 0.
     */
    public static double usersPerArm(double delta, double perUserVarianceControl, double perUserVarianceTreatment) {
        double m = multiplier(ALPHA, POWER);
        return m * m * (perUserVarianceControl + perUserVarianceTreatment) / (delta * delta);
    }
}
