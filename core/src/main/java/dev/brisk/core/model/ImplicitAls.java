package dev.brisk.core.model;

import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Implicit-feedback matrix factorisation (Hu, Koren and Volinsky, 2008). Each (user, item) entry
 * of weight r becomes a preference p = [r &gt; 0] held with confidence c = 1 + alpha·|r|, so a
 * dislike is a confident "no"; unobserved pairs are a weak "no" (c = 1). Training alternates
 * between user and item factors, solving each side's weighted least squares with a few
 * conjugate-gradient steps warm-started from the previous iteration (Takács, Pilászy and Tikk,
 * 2011) or, optionally, exactly with Cholesky.
 *
 * <p>Serving keeps only the item factors: a user's factors are solved from their current history
 * at request time (fold-in, exact, by Cholesky on k × k), so a new event changes the next list
 * without retraining. An item's score is x_u · y_i; its explanation names the history items j
 * with the largest share c_j · y_iᵀ A_u⁻¹ y_j of that score. Over a large catalog, a copy of the
 * model {@link #withCandidates with a factor index} scores only the items the index finds nearest
 * to the user's factors.
 */
public final class ImplicitAls extends PersonalRecommender implements ItemSimilarity {
    public static final String TYPE = "als";

    /** How the per-row least-squares problems are solved during training. */
    public enum Solver { CG, CHOLESKY;

        public static Solver parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Training parameters. */
    public record Params(int factors, int iterations, double regularization, double alpha, Solver solver,
                         int cgSteps, long seed) {

        public Params {
            if (factors < 1 || iterations < 1 || regularization <= 0 || alpha <= 0 || cgSteps < 1 || solver == null) {
                throw new IllegalArgumentException("invalid als parameters: factors=" + factors + " iterations="
                        + iterations + " regularization=" + regularization + " alpha=" + alpha + " cgSteps=" + cgSteps);
            }
        }

        public static Params defaults() {
            return new Params(64, 10, 15, 0.5, Solver.CG, 3, 42);
        }

        public Params withFactors(int n) {
            return new Params(n, iterations, regularization, alpha, solver, cgSteps, seed);
        }

        public Params withSolver(Solver s) {
            return new Params(factors, iterations, regularization, alpha, s, cgSteps, seed);
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("factors", factors);
            m.put("iterations", iterations);
            m.put("regularization", regularization);
            m.put("alpha", alpha);
            m.put("solver", solver.name().toLowerCase(Locale.ROOT));
            if (solver == Solver.CG) {
                m.put("cg_steps", cgSteps);
            }
            m.put("confidence", "1 + alpha * |weight|");
            m.put("fold_in", "exact (Cholesky) from the current history at request time");
            return m;
        }
    }

    final ModelInfo info;
    final ItemIndex index;
    final InteractionMatrix.Settings settings;
    final int k;
    final double alpha;
    /** Item factors, row-major (item × k); rows of items nobody interacted with are zero. */
    final float[] itemFactors;
    final boolean[] hasData;
    /** YᵀY + λI, full k × k: the part of every fold-in system that does not depend on the user. */
    final double[] gram;
    /** The approximate index of the item factors that candidates come from; null to score every item. */
    final FactorIndex candidates;

    ImplicitAls(ModelInfo info, ItemIndex index, InteractionMatrix.Settings settings, int k, double alpha,
                        float[] itemFactors, boolean[] hasData, double[] gram) {
        this(info, index, settings, k, alpha, itemFactors, hasData, gram, null);
    }

    private ImplicitAls(ModelInfo info, ItemIndex index, InteractionMatrix.Settings settings, int k, double alpha,
                        float[] itemFactors, boolean[] hasData, double[] gram, FactorIndex candidates) {
        this.candidates = candidates;
        this.info = info;
        this.index = index;
        this.settings = settings;
        this.k = k;
        this.alpha = alpha;
        this.itemFactors = itemFactors;
        this.hasData = hasData;
        this.gram = gram;
    }

    /**
     * Trains on the matrix, spreading each half-iteration over {@code workers}; {@code offlineMetrics},
     * when known, is recorded in the model's info.
     */
    public static ImplicitAls train(InteractionMatrix matrix, ItemIndex index, Params params, Workers workers,
                                    TrainingProgress progress, Map<String, Object> offlineMetrics) {
        long started = System.nanoTime();
        int k = params.factors();
        int nUsers = matrix.userCount();
        int nItems = matrix.itemCount();
        SplittableRandom random = new SplittableRandom(params.seed());
        float[] x = new float[nUsers * k];
        float[] y = new float[nItems * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 0.01);
        }
        boolean[] hasData = new boolean[nItems];
        for (int i = 0; i < nItems; i++) {
            hasData[i] = matrix.itemDegree(i) > 0;
            for (int f = 0; f < k; f++) {
                y[i * k + f] = hasData[i] ? (float) (random.nextGaussian() * 0.01) : 0f;
            }
        }
        Side users = new Side(nUsers, matrix.rowStarts(), matrix.rowItems(), matrix.rowValues());
        Side items = new Side(nItems, matrix.colStarts(), matrix.colUsers(), matrix.colValues());
        for (int it = 0; it < params.iterations(); it++) {
            solve(users, x, y, nItems, params, workers);
            solve(items, y, x, nUsers, params, workers);
            progress.report(TYPE, it + 1, params.iterations());
        }
        double[] gram = gram(y, nItems, k, params.regularization(), workers);
        long took = (System.nanoTime() - started) / 1_000_000;
        Map<String, Object> parameters = params.asMap();
        if (offlineMetrics != null) {
            parameters.put("offline_metrics", offlineMetrics);
        }
        ModelInfo info = new ModelInfo(TYPE, Instant.ofEpochMilli(matrix.trainedAt()).toString(), matrix.trainedAt(), took,
                nUsers, nItems, matrix.events(), parameters);
        return new ImplicitAls(info, index, matrix.settingsUsed(), k, params.alpha(), y, hasData, gram);
    }

    /**
     * A model from item factors trained elsewhere on the same problem (Spark MLlib's implicit ALS
     * minimises the same confidence-weighted loss): the items by dense index with their trends, the
     * settings the weights were built with, and each item's factors (row-major, item × k; items
     * without data have none). Serves and folds users in exactly like a model trained here.
     */
    public static ImplicitAls fromItemFactors(ModelInfo info, List<String> itemIds, float[] trend,
                                              dev.brisk.core.catalog.Catalog catalog,
                                              InteractionMatrix.Settings settings, int k, double alpha,
                                              double regularization, float[] itemFactors, boolean[] hasData) {
        int nItems = itemIds.size();
        if (trend.length != nItems || hasData.length != nItems || itemFactors.length != nItems * k) {
            throw new IllegalArgumentException("item ids, trends, data flags and factors do not match: " + nItems
                    + " ids, " + trend.length + " trends, " + hasData.length + " flags, " + itemFactors.length
                    + " factors of rank " + k);
        }
        ItemIndex index = ItemIndex.of(itemIds, trend, catalog);
        double[] gram = gram(itemFactors, nItems, k, regularization, Workers.single());
        return new ImplicitAls(info, index, settings, k, alpha, itemFactors, hasData, gram);
    }

    /** One side of the matrix: for each target row, its entries (the other side's index and weight). */
    private record Side(int size, int[] start, int[] other, float[] value) {
    }

    /** Solves every row of {@code target} with {@code fixed} held constant. */
    private static void solve(Side side, float[] target, float[] fixed, int fixedRows, Params params, Workers workers) {
        int k = params.factors();
        double[] gram = gram(fixed, fixedRows, k, params.regularization(), workers);
        double alpha = params.alpha();
        ThreadLocal<double[][]> scratch = ThreadLocal.withInitial(() -> new double[][] {
            new double[k], new double[k], new double[k], new double[k], new double[k * k]});
        workers.forEach(side.size(), row -> {
            double[][] s = scratch.get();
            int from = side.start()[row];
            int to = side.start()[row + 1];
            if (params.solver() == Solver.CG) {
                conjugateGradient(target, row * k, fixed, side, from, to, gram, alpha, k, params.cgSteps(), s);
            } else {
                exact(target, row * k, fixed, side, from, to, gram, alpha, k, s);
            }
        });
    }

    private static void conjugateGradient(float[] target, int off, float[] fixed, Side side, int from, int to,
                                          double[] gram, double alpha, int k, int steps, double[][] s) {
        double[] x = s[0];
        double[] r = s[1];
        double[] p = s[2];
        double[] ap = s[3];
        for (int f = 0; f < k; f++) {
            x[f] = target[off + f];
        }
        // r = b − A x, with A = gram + Σ (c − 1) y yᵀ and b = Σ c·p·y.
        Dense.multiply(gram, x, r, k);
        for (int f = 0; f < k; f++) {
            r[f] = -r[f];
        }
        for (int q = from; q < to; q++) {
            int j = side.other()[q] * k;
            float v = side.value()[q];
            double c = 1 + alpha * Math.abs(v);
            double coefficient = (v > 0 ? c : 0) - (c - 1) * Dense.dot(fixed, j, x, k);
            for (int f = 0; f < k; f++) {
                r[f] += coefficient * fixed[j + f];
            }
        }
        double rsOld = Dense.dot(r, r, k);
        if (rsOld < 1e-20) {
            return;
        }
        System.arraycopy(r, 0, p, 0, k);
        for (int step = 0; step < steps; step++) {
            Dense.multiply(gram, p, ap, k);
            for (int q = from; q < to; q++) {
                int j = side.other()[q] * k;
                double c = 1 + alpha * Math.abs(side.value()[q]);
                double coefficient = (c - 1) * Dense.dot(fixed, j, p, k);
                for (int f = 0; f < k; f++) {
                    ap[f] += coefficient * fixed[j + f];
                }
            }
            double a = rsOld / Dense.dot(p, ap, k);
            for (int f = 0; f < k; f++) {
                x[f] += a * p[f];
                r[f] -= a * ap[f];
            }
            double rsNew = Dense.dot(r, r, k);
            if (rsNew < 1e-20) {
                break;
            }
            double beta = rsNew / rsOld;
            for (int f = 0; f < k; f++) {
                p[f] = r[f] + beta * p[f];
            }
            rsOld = rsNew;
        }
        for (int f = 0; f < k; f++) {
            target[off + f] = (float) x[f];
        }
    }

    private static void exact(float[] target, int off, float[] fixed, Side side, int from, int to, double[] gram,
                              double alpha, int k, double[][] s) {
        double[] a = s[4];
        double[] b = s[0];
        System.arraycopy(gram, 0, a, 0, k * k);
        Arrays.fill(b, 0);
        for (int q = from; q < to; q++) {
            int j = side.other()[q] * k;
            float v = side.value()[q];
            double c = 1 + alpha * Math.abs(v);
            Dense.addOuterLower(a, fixed, j, c - 1, k);
            if (v > 0) {
                for (int f = 0; f < k; f++) {
                    b[f] += c * fixed[j + f];
                }
            }
        }
        Dense.cholesky(a, k);
        Dense.solveCholesky(a, b, k);
        for (int f = 0; f < k; f++) {
            target[off + f] = (float) b[f];
        }
    }

    /** FᵀF + λI over the rows of F, summed in a fixed order of chunks so the result does not depend on threads. */
    private static double[] gram(float[] factors, int rows, int k, double lambda, Workers workers) {
        int chunks = 16;
        double[][] partial = new double[chunks][k * k];
        int per = (rows + chunks - 1) / chunks;
        workers.forEach(chunks, 1, c -> {
            double[] m = partial[c];
            for (int row = c * per; row < Math.min(rows, (c + 1) * per); row++) {
                Dense.addOuterLower(m, factors, row * k, 1.0, k);
            }
        });
        double[] gram = new double[k * k];
        for (double[] m : partial) {
            for (int e = 0; e < gram.length; e++) {
                gram[e] += m[e];
            }
        }
        for (int f = 0; f < k; f++) {
            gram[f * k + f] += lambda;
        }
        Dense.symmetrize(gram, k);
        return gram;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ItemIndex index() {
        return index;
    }

    @Override
    public InteractionMatrix.Settings settings() {
        return settings;
    }

    public int factors() {
        return k;
    }

    /** The user's system A = YᵀY + λI + Σ (c − 1) y yᵀ, factorised, and the solved user vector. */
    private final class FoldIn {
        final double[] cholesky = new double[k * k];
        final double[] x = new double[k];

        FoldIn(UserVector user) {
            System.arraycopy(gram, 0, cholesky, 0, k * k);
            int[] rows = new int[user.size()];
            double[] extra = new double[user.size()];
            for (int h = 0; h < user.size(); h++) {
                int j = user.item(h) * k;
                float v = user.weight(h);
                double c = 1 + alpha * Math.abs(v);
                rows[h] = j;
                extra[h] = c - 1;
                if (v > 0) {
                    for (int f = 0; f < k; f++) {
                        x[f] += c * itemFactors[j + f];
                    }
                }
            }
            // A = gram + Σ (c − 1) y yᵀ over the history, summed in blocks.
            Dense.addOutersLower(cholesky, itemFactors, rows, extra, rows.length, k, Dense.outerScratch(rows.length, k));
            Dense.cholesky(cholesky, k);
            Dense.solveCholesky(cholesky, x, k);
        }

        /**
         * The history's liked items (weight above zero), their factors copied one after another: an
         * explanation reads them all for every item it explains, and reads them faster in one block
         * than scattered over the whole factor matrix. Made at the first explanation.
         */
        record Liked(int[] position, double[] confidence, float[] rows) {
        }

        private Liked liked;

        Liked liked(UserVector user) {
            if (liked == null) {
                int count = 0;
                for (int h = 0; h < user.size(); h++) {
                    if (user.weight(h) > 0) {
                        count++;
                    }
                }
                int[] position = new int[count];
                double[] confidence = new double[count];
                float[] rows = new float[count * k];
                int j = 0;
                for (int h = 0; h < user.size(); h++) {
                    float v = user.weight(h);
                    if (v > 0) {
                        position[j] = h;
                        confidence[j] = 1 + alpha * v;
                        System.arraycopy(itemFactors, user.item(h) * k, rows, j * k, k);
                        j++;
                    }
                }
                liked = new Liked(position, confidence, rows);
            }
            return liked;
        }

        float[] factors() {
            float[] out = new float[k];
            for (int f = 0; f < k; f++) {
                out[f] = (float) x[f];
            }
            return out;
        }
    }

    /** The user's factors solved from their history (fold-in). */
    public float[] userFactors(UserVector user) {
        return new FoldIn(user).factors();
    }

    /**
     * An approximate index of this model's item factors, for {@link #withCandidates}: a large
     * catalog's cost, paid once per trained or loaded model and off the request path; built by the
     * threads of {@code workers} together ({@link Workers#single()}: the calling thread).
     */
    public FactorIndex buildCandidateIndex(Workers workers) {
        return FactorIndex.build(itemFactors, hasData, k, workers);
    }

    /**
     * The same model, serving a user from the {@code index}'s items nearest to their factors
     * (scored exactly) instead of scoring every item. {@code index} must have been built by this
     * model's {@link #buildCandidateIndex} or that of a model with the same factors.
     */
    public ImplicitAls withCandidates(FactorIndex index) {
        return new ImplicitAls(info, this.index, settings, k, alpha, itemFactors, hasData, gram, index);
    }

    /** Whether a user is scored from candidates of an approximate index rather than every item. */
    public boolean servesFromCandidates() {
        return candidates != null;
    }

    @Override
    public UserScores score(UserVector user) {
        FoldIn fold = new FoldIn(user);
        float[] xu = fold.factors();
        float[] scores = new float[index.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = hasData[i] ? Dense.dot(itemFactors, i * k, xu, 0, k) : Float.NaN;
        }
        return explained(fold, user, scores);
    }

    @Override
    protected CandidateScores scoreCandidates(UserVector user, int count, IntSet unlisted) {
        if (candidates == null) {
            return null;
        }
        Folded folded = fold(user);
        int[] items = folded.nearest(count, unlisted);
        Arrays.sort(items);
        float[] scores = new float[items.length];
        for (int c = 0; c < items.length; c++) {
            scores[c] = folded.score(items[c]);
        }
        return new CandidateScores(items, scores, folded::explain);
    }

    /** The user's factors solved from their history, to score single items with. */
    Folded fold(UserVector user) {
        return new Folded(user);
    }

    /** A user folded in: their factors, and what follows from them item by item. */
    final class Folded {
        private final UserVector user;
        private final FoldIn fold;
        private final float[] xu;

        private Folded(UserVector user) {
            this.user = user;
            this.fold = new FoldIn(user);
            this.xu = fold.factors();
        }

        /**
         * About the {@code count} items of the candidate index nearest to the user's factors, none of
         * {@code skip} (null: none skipped); requires a candidate index.
         */
        int[] nearest(int count, IntSet skip) {
            return candidates.nearest(xu, count, skip);
        }

        /** The item's score, NaN for an item without data. */
        float score(int item) {
            return hasData[item] ? Dense.dot(itemFactors, item * k, xu, 0, k) : Float.NaN;
        }

        Explanation explain(int item) {
            return Phrases.becauseYou(index, user, contributors(fold, user, item));
        }

        /**
         * The mean and standard deviation of the user's scores over every item outside {@code history}
         * (an item without data scoring 0), as scoring every item would find them: from the sums of the
         * factors and of their outer products (kept by the candidate index, which this requires), less the
         * history's own scores.
         */
        Population population(IntSet history) {
            double[] factorSum = candidates.factorSum();
            double[] factorSquares = candidates.factorSquares();
            double sum = 0;
            double squares = 0;
            for (int a = 0; a < k; a++) {
                sum += factorSum[a] * xu[a];
                double row = 0;
                for (int b = 0; b < k; b++) {
                    row += factorSquares[a * k + b] * xu[b];
                }
                squares += xu[a] * row;
            }
            IntIterator it = history.iterator();
            while (it.hasNext()) {
                int i = it.nextInt();
                if (hasData[i]) {
                    double s = Dense.dot(itemFactors, i * k, xu, 0, k);
                    sum -= s;
                    squares -= s * s;
                }
            }
            return Population.of(sum, squares, index.size() - history.size());
        }
    }

    /** Scores and their explanations. */
    private UserScores explained(FoldIn fold, UserVector user, float[] scores) {
        return new UserScores() {
            @Override
            public float[] values() {
                return scores;
            }

            @Override
            public Explanation explain(int item) {
                return Phrases.becauseYou(index, user, contributors(fold, user, item));
            }
        };
    }

    /** History positions with the largest positive share c_j · y_iᵀ A⁻¹ y_j of the item's score (up to 3). */
    private int[] contributors(FoldIn fold, UserVector user, int item) {
        double[] z = new double[k];
        for (int f = 0; f < k; f++) {
            z[f] = itemFactors[item * k + f];
        }
        Dense.solveCholesky(fold.cholesky, z, k);
        FoldIn.Liked liked = fold.liked(user);
        float[] share = new float[user.size()];
        Arrays.fill(share, Float.NaN);
        for (int j = 0; j < liked.position().length; j++) {
            double s = liked.confidence()[j] * Dense.dot(liked.rows(), j * k, z, k);
            if (s > 0) {
                share[liked.position()[j]] = (float) s;
            }
        }
        return TopK.select(share, 3, h -> true);
    }

    /** Items whose factors point the same way (cosine), for "more like this" when kNN knows too little. */
    @Override
    public java.util.List<Recommendation> similar(String itemId, int n, CandidateFilter filter) {
        int item = index.ids().indexOf(itemId);
        if (item < 0 || !hasData[item]) {
            return java.util.List.of();
        }
        float[] sims = new float[index.size()];
        double self = Math.sqrt(Dense.dot(itemFactors, item * k, itemFactors, item * k, k));
        for (int j = 0; j < sims.length; j++) {
            if (j == item || !hasData[j]) {
                sims[j] = Float.NaN;
                continue;
            }
            double norm = Math.sqrt(Dense.dot(itemFactors, j * k, itemFactors, j * k, k));
            sims[j] = (float) (Dense.dot(itemFactors, item * k, itemFactors, j * k, k) / (self * norm + 1e-9));
        }
        int[] top = TopK.select(sims, n, j -> filter.accepts(index.id(j)));
        Explanation why = new Explanation("similar", "Similar to " + index.title(item), java.util.List.of(itemId));
        java.util.List<Recommendation> out = new java.util.ArrayList<>(top.length);
        for (int j : top) {
            out.add(new Recommendation(index.id(j), round(sims[j]), why));
        }
        return out;
    }
}
