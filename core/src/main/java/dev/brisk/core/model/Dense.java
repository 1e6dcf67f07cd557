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

    /** Rows per pass of {@link #addOutersLower}: eight of its columns stay in the first-level cache. */
    private static final int OUTER_CHUNK = 128;

    /**
     * m += Σ w_j · v_j v_jᵀ over {@code n} rows v_j = a[offsets[j]..offsets[j]+k) with weights w_j ≥ 0,
     * lower triangle only: what {@link #addOuterLower} row by row gives, two to three times faster for
     * long lists. The rows, scaled by √w_j, are copied by columns into {@code scratch} (from
     * {@link #outerScratch}), and each 4 × 4 block of m is summed in sixteen independent registers, so
     * that a pass over the rows does sixteen multiply-adds for eight reads instead of one for two.
     */
    static void addOutersLower(double[] m, float[] a, int[] offsets, double[] weights, int n, int k, double[] scratch) {
        for (int from = 0; from < n; from += OUTER_CHUNK) {
            int rows = Math.min(OUTER_CHUNK, n - from);
            for (int j = 0; j < rows; j++) {
                double scale = Math.sqrt(weights[from + j]);
                int row = offsets[from + j];
                for (int f = 0; f < k; f++) {
                    scratch[f * rows + j] = scale * a[row + f];
                }
            }
            int r = 0;
            for (; r + 3 < k; r += 4) {
                for (int c = 0; c <= r; c += 4) {
                    addBlock(m, scratch, rows, r, c, k);
                }
            }
            for (; r < k; r++) { // the rows of m past the last whole block of four
                for (int c = 0; c <= r; c++) {
                    double s = 0;
                    for (int j = 0; j < rows; j++) {
                        s += scratch[r * rows + j] * scratch[c * rows + j];
                    }
                    m[r * k + c] += s;
                }
            }
        }
    }

    /** m's block of rows r..r+3 and columns c..c+3 (its lower triangle, when it is on the diagonal) += the columns' products. */
    private static void addBlock(double[] m, double[] t, int rows, int r, int c, int k) {
        double m00 = 0, m01 = 0, m02 = 0, m03 = 0, m10 = 0, m11 = 0, m12 = 0, m13 = 0;
        double m20 = 0, m21 = 0, m22 = 0, m23 = 0, m30 = 0, m31 = 0, m32 = 0, m33 = 0;
        int r0 = r * rows;
        int r1 = r0 + rows;
        int r2 = r1 + rows;
        int r3 = r2 + rows;
        int c0 = c * rows;
        int c1 = c0 + rows;
        int c2 = c1 + rows;
        int c3 = c2 + rows;
        for (int j = 0; j < rows; j++) {
            double a0 = t[r0 + j];
            double a1 = t[r1 + j];
            double a2 = t[r2 + j];
            double a3 = t[r3 + j];
            double b0 = t[c0 + j];
            double b1 = t[c1 + j];
            double b2 = t[c2 + j];
            double b3 = t[c3 + j];
            m00 += a0 * b0;
            m01 += a0 * b1;
            m02 += a0 * b2;
            m03 += a0 * b3;
            m10 += a1 * b0;
            m11 += a1 * b1;
            m12 += a1 * b2;
            m13 += a1 * b3;
            m20 += a2 * b0;
            m21 += a2 * b1;
            m22 += a2 * b2;
            m23 += a2 * b3;
            m30 += a3 * b0;
            m31 += a3 * b1;
            m32 += a3 * b2;
            m33 += a3 * b3;
        }
        boolean diagonal = r == c;
        int row = r * k + c;
        m[row] += m00;
        if (!diagonal) {
            m[row + 1] += m01;
            m[row + 2] += m02;
            m[row + 3] += m03;
        }
        row += k;
        m[row] += m10;
        m[row + 1] += m11;
        if (!diagonal) {
            m[row + 2] += m12;
            m[row + 3] += m13;
        }
        row += k;
        m[row] += m20;
        m[row + 1] += m21;
        m[row + 2] += m22;
        if (!diagonal) {
            m[row + 3] += m23;
        }
        row += k;
        m[row] += m30;
        m[row + 1] += m31;
        m[row + 2] += m32;
        m[row + 3] += m33;
    }

    /** The scratch {@link #addOutersLower} needs for {@code n} rows of {@code k} factors. */
    static double[] outerScratch(int n, int k) {
        return new double[Math.min(n, OUTER_CHUNK) * k];
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
