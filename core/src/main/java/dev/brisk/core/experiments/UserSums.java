package dev.brisk.core.experiments;

/**
 * The sufficient statistics of a ratio metric summed per user, the unit of randomisation: for each
 * user x is the numerator (clicks, or 1 when they bought) and y the denominator (lists, or 1), and
 * these are the sums over users of x, y, x², y² and xy. Click-through rate is Σx/Σy; conversion is
 * the special case y = 1 for every user.
 */
public record UserSums(long users, double sumX, double sumY, double sumXX, double sumYY, double sumXY) {

    public static final UserSums EMPTY = new UserSums(0, 0, 0, 0, 0, 0);

    /** Sums of a list of per-user values (x[i], y[i]). */
    public static UserSums of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have one value per user");
        }
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.length; i++) {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            syy += y[i] * y[i];
            sxy += x[i] * y[i];
        }
        return new UserSums(x.length, sx, sy, sxx, syy, sxy);
    }

    /** These sums with one more user. */
    public UserSums plus(double x, double y) {
        return new UserSums(users + 1, sumX + x, sumY + y, sumXX + x * x, sumYY + y * y, sumXY + x * y);
    }

    /** The metric, Σx / Σy (NaN without any denominator). */
    public double ratio() {
        return sumY == 0 ? Double.NaN : sumX / sumY;
    }

    /**
     * The variance of {@link #ratio()} by the delta method over users: with per-user means μx, μy,
     * sample variances σx², σy² and covariance σxy, Var(Σx/Σy) ≈ (σx² − 2Rσxy + R²σy²) / (n μy²).
     * Users are independent (they were randomised); their lists are not, which is why the variance
     * is taken over users rather than over lists. For conversion (y = 1) it is p(1−p)/n with the
     * sample variance. NaN with fewer than two users or no denominator.
     */
    public double ratioVariance() {
        if (users < 2 || sumY == 0) {
            return Double.NaN;
        }
        double n = users;
        double r = sumX / sumY;
        double my = sumY / n;
        double vx = (sumXX - sumX * sumX / n) / (n - 1);
        double vy = (sumYY - sumY * sumY / n) / (n - 1);
        double cxy = (sumXY - sumX * sumY / n) / (n - 1);
        double v = (vx - 2 * r * cxy + r * r * vy) / (n * my * my);
        return Math.max(0, v);
    }

    /** The estimate of the ratio with its variance. */
    public Estimate estimate() {
        return new Estimate(ratio(), ratioVariance());
    }
}
