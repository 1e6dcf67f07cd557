package dev.brisk.core.experiments;

/**
 * The always-valid p-value of the mixture sequential probability ratio test (mSPRT) with a normal
 * mixture, as in R. Johari, L. Pekelis, D. Walsh, "Peeking at A/B Tests: Why it matters, and what
 * to do about it", KDD 2017 (Johari, Koomen, Pekelis, Walsh; arXiv:1512.04922). For an estimated
 * difference θ̂ with variance V and the effects mixed over N(0, τ²), the likelihood ratio against
 * θ = 0 is Λ = √(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²))). By Ville's inequality
 * P(Λ ever reaches 1/α under θ = 0) ≤ α, so p = min(1, 1/Λ) may be read at every look — on a live
 * dashboard — without inflating false positives; the running minimum over looks is valid as well.
 * The variance is plugged in from the data, as in the paper's practical version.
 */
public final class Sequential {
    private Sequential() {
    }

    /** The always-valid p-value of one look: min(1, 1/Λ). */
    public static double pValue(double difference, double variance, double tau) {
        if (!(variance > 0) || !(tau > 0) || !Double.isFinite(difference)) {
            return Double.NaN;
        }
        double t2 = tau * tau;
        double logLambda = 0.5 * Math.log(variance / (variance + t2))
                + t2 * difference * difference / (2 * variance * (variance + t2));
        return Math.min(1.0, Math.exp(-logLambda));
    }
}
