package dev.brisk.core.experiments;

/**
 * A treatment against the control on one metric: the absolute difference with its 95% interval and
 * two-sided p-value (a z-test with unpooled, user-level variances), the relative lift (treatment /
 * control − 1) with a delta-method interval, and the always-valid p-value of the mixture SPRT.
 */
public record Lift(double absolute, double[] absoluteCi95, double relative, double[] relativeCi95, double z,
                   double pValue, double sequentialPValue) {

    /** Compares two arms' estimates; {@code tau} is the spread of the mSPRT's mixing distribution of effects. */
    public static Lift of(Estimate control, Estimate treatment, double tau) {
        double diff = treatment.value() - control.value();
        double varDiff = control.variance() + treatment.variance();
        double se = Math.sqrt(varDiff);
        double half = Estimate.Z95 * se;
        double z = se > 0 ? diff / se : Double.NaN;
        double p = se > 0 ? Distributions.twoSidedP(z) : Double.NaN;
        double c = control.value();
        double relative = c != 0 ? treatment.value() / c - 1 : Double.NaN;
        // Delta method for t/c with independent arms: Var ≈ Vt/c² + t²·Vc/c⁴.
        double relVar = c != 0 ? treatment.variance() / (c * c)
                + treatment.value() * treatment.value() * control.variance() / (c * c * c * c) : Double.NaN;
        double relHalf = Estimate.Z95 * Math.sqrt(relVar);
        double sequential = se > 0 ? Sequential.pValue(diff, varDiff, tau) : Double.NaN;
        return new Lift(diff, new double[] {diff - half, diff + half}, relative,
                new double[] {relative - relHalf, relative + relHalf}, z, p, sequential);
    }

    /** This lift with the always-valid p-value lowered to {@code best} when an earlier look saw a smaller one. */
    public Lift withBestSequential(double best) {
        if (!(best < sequentialPValue)) {
            return this;
        }
        return new Lift(absolute, absoluteCi95, relative, relativeCi95, z, pValue, best);
    }

    /** Significant at level alpha by the fixed-horizon test. */
    public boolean significant(double alpha) {
        return pValue < alpha;
    }
}
