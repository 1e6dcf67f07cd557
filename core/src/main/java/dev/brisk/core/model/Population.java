package dev.brisk.core.model;

/**
 * The mean and standard deviation of one part's scores for one user over every item outside the
 * user's history (an item without a score counting as 0), and a score standardised by them: the
 * z-score of {@link Hybrid}.
 */
record Population(double mean, double deviation) {
    static final Population NONE = new Population(0, 0);

    /** From the sum and the sum of squares of {@code n} scores. */
    static Population of(double sum, double squares, int n) {
        if (n <= 0) {
            return NONE;
        }
        double mean = sum / n;
        return new Population(mean, Math.sqrt(Math.max(0, squares / n - mean * mean)));
    }

    /** A score standardised (NaN counting as 0); 0 when every item scores alike. */
    float z(float score) {
        if (!(deviation > 0)) {
            return 0f;
        }
        return (float) (((score == score ? score : 0) - mean) / deviation);
    }
}
