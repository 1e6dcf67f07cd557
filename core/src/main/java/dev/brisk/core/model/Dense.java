package dev.brisk.core.model;

/**
 * Small dense linear algebra on row-major arrays: what ALS needs, nothing more. Dot products run
 * four independent sums: the JIT may not reorder a floating-point sum by itself, and one long
 * chain of dependent additions is several times slower.
 */
final class Dense {
    private Dense() {
    }

    /** a[aOff..aOff+k) · x. */
    static double dot(float[] a, int aOff, double[] x, int k) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int f = 0;
        for (; f + 3 < k; f += 4) {
            s0 += a[aOff + f] * x[f];
            s1 += a[aOff + f + 1] * x[f + 1];
            s2 += a[aOff + f + 2] * x[f + 2];
            s3 += a[aOff + f + 3] * x[f + 3];
        }
        for (; f < k; f++) {
            s0 += a[aOff + f] * x[f];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int k) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int f = 0;
        for (; f + 3 < k; f += 4) {
            s0 += a[aOff + f] * b[bOff + f];
            s1 += a[aOff + f + 1] * b[bOff + f + 1];
            s2 += a[aOff + f + 2] * b[bOff + f + 2];
            s3 += a[aOff + f + 3] * b[bOff + f + 3];
        }
        for (; f < k; f++) {
            s0 += a[aOff + f] * b[bOff + f];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static double dot(double[] a, double[] b, int k) {
        return dot(a, 0, b, k);
    }

    private static double dot(double[] a, int aOff, double[] b, int k) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int f = 0;
        for (; f + 3 < k; f += 4) {
            s0 += a[aOff + f] * b[f];
            s1 += a[aOff + f + 1] * b[f + 1];
            s2 += a[aOff + f + 2] * b[f + 2];
            s3 += a[aOff + f + 3] * b[f + 3];
        }
        for (; f < k; f++) {
            s0 += a[aOff + f] * b[f];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** out = m · x for a symmetric k × k matrix m stored in full. */
    static void multiply(double[] m, double[] x, double[] out, int k) {
        for (int r = 0; r < k; r++) {
            out[r] = dot(m, r * k, x, k);
        }
    }

    /** m += w · v vᵀ, lower triangle only, for v = a[aOff..aOff+k). */
    static void addOuterLower(double[] m, float[] a, int aOff, double w, int k) {
        for (int r = 0; r < k; r++) {
            double wr = w * a[aOff + r];
            int row = r * k;
            for (int c = 0; c <= r; c++) {
                m[row + c] += wr * a[aOff + c];
            }
        }
    }

    /**
     * In-place Cholesky factorisation of a symmetric positive definite matrix given by its lower
     * triangle: afterwards the lower triangle holds L with m = L Lᵀ.
     */
    static void cholesky(double[] m, int k) {
        for (int j = 0; j < k; j++) {
            int rowJ = j * k;
            double d = m[rowJ + j];
            for (int p = 0; p < j; p++) {
                d -= m[rowJ + p] * m[rowJ + p];
            }
            // The regularisation keeps d positive; the floor guards against rounding.
            d = Math.sqrt(Math.max(d, 1e-12));
            m[rowJ + j] = d;
            for (int i = j + 1; i < k; i++) {
                int rowI = i * k;
                double s = m[rowI + j];
                for (int p = 0; p < j; p++) {
                    s -= m[rowI + p] * m[rowJ + p];
                }
                m[rowI + j] = s / d;
            }
        }
    }

    /** Solves L Lᵀ x = b in place (b becomes x), with L from {@link #cholesky}. */
    static void solveCholesky(double[] l, double[] b, int k) {
        for (int i = 0; i < k; i++) {
            int row = i * k;
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[row + p] * b[p];
            }
            b[i] = s / l[row + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double s = b[i];
            for (int p = i + 1; p < k; p++) {
                s -= l[p * k + i] * b[p];
            }
            b[i] = s / l[i * k + i];
        }
    }

    /** Copies the lower triangle onto the upper one. */
    static void symmetrize(double[] m, int k) {
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < r; c++) {
                m[c * k + r] = m[r * k + c];
            }
        }
    }
}
