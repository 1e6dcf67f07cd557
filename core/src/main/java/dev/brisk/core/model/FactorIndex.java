package dev.brisk.core.model;

import it.unimi.dsi.fastutil.ints.IntSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * An approximate maximum-inner-product index over ALS item factors, so that a large catalog is
 * served from a few hundred candidates instead of a dot product with every item. It is an HNSW
 * graph (Malkov and Yashunin, 2018) built and searched in memory with Apache Lucene's HNSW
 * implementation, on one thread or several.
 *
 * <p>ALS scores are dot products, so the graph is built and searched with Lucene's
 * maximum-inner-product similarity, on the factors as they are. The usual alternative, the
 * reduction of Bachrach et al. (2014) to cosine over unit vectors with one added dimension, was
 * measured first and found far less accurate (recall@10 0.34 against 0.998 on the generated factors
 * of {@code FactorIndexTest}): item norms spread over an order of magnitude, as ALS gives popular
 * items longer vectors, so after the reduction most items lie close together near the added axis.
 *
 * <p>The index holds the items that have factors (rows of items without data are zero and never
 * candidates). It is immutable once built; searches may run concurrently.
 */
public final class FactorIndex {
    /** Graph neighbours per node (Lucene's default). */
    static final int MAX_CONNECTIONS = 16;
    /** Candidates kept while inserting a node: the graph's quality, paid once at build time. */
    static final int BEAM_WIDTH = 100;
    /** The seed of the graph's random levels, fixed so that a build is repeatable (on one thread). */
    private static final long SEED = 42;
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;

    /** The graph over the indexed rows, complete: only read, by any number of searches at once. */
    private final OnHeapHnswGraph graph;
    /** The indexed rows, one per graph node (read in place from the model's factors), and the item index of each. */
    private final RandomAccessVectorValues.Floats rows;
    private final int[] itemOfDoc;
    private final long buildMillis;
    private final long bytes;
    /** The sum of the indexed factors (k) and of their outer products (k × k): see {@link #factorSum}. */
    private final double[] factorSum;
    private final double[] factorSquares;

    private FactorIndex(OnHeapHnswGraph graph, RandomAccessVectorValues.Floats rows, int[] itemOfDoc,
                        double[] factorSum, double[] factorSquares, long buildMillis, long bytes) {
        this.graph = graph;
        this.rows = rows;
        this.itemOfDoc = itemOfDoc;
        this.factorSum = factorSum;
        this.factorSquares = factorSquares;
        this.buildMillis = buildMillis;
        this.bytes = bytes;
    }

    /**
     * Indexes the rows of {@code factors} (row-major, item × k) whose item has data, the graph built by
     * the threads of {@code workers} together (Lucene's concurrent graph builder: each thread inserts
     * nodes, locking the neighbour lists it changes), which divides a large catalog's build time by
     * about their number; with {@link Workers#single()}, on the calling thread.
     */
    static FactorIndex build(float[] factors, boolean[] hasData, int k, Workers workers) {
        long started = System.nanoTime();
        int count = 0;
        for (boolean data : hasData) {
            count += data ? 1 : 0;
        }
        int[] itemOfDoc = new int[count];
        int doc = 0;
        for (int i = 0; i < hasData.length; i++) {
            if (hasData[i]) {
                itemOfDoc[doc++] = i;
            }
        }
        RandomAccessVectorValues.Floats rows = new Rows(factors, itemOfDoc, k);
        try {
            RandomVectorScorerSupplier scorers = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(SIMILARITY,
                    rows);
            HnswGraphBuilder sequential = HnswGraphBuilder.create(scorers, MAX_CONNECTIONS, BEAM_WIDTH, SEED, count);
            OnHeapHnswGraph graph;
            if (workers.threads() > 1 && count > 1) {
                HnswConcurrentMergeBuilder concurrent = new HnswConcurrentMergeBuilder(
                        new TaskExecutor(workers.executor()), workers.threads(), scorers, MAX_CONNECTIONS, BEAM_WIDTH,
                        sequential.getGraph(), null);
                concurrent.build(count);
                graph = concurrent.getCompletedGraph();
            } else {
                sequential.build(count);
                graph = sequential.getCompletedGraph();
            }
            long bytes = graph.ramBytesUsed() + (long) count * Integer.BYTES;
            double[] sum = new double[k];
            double[] squares = new double[k * k];
            sums(factors, itemOfDoc, k, sum, squares);
            return new FactorIndex(graph, rows, itemOfDoc, sum, squares, (System.nanoTime() - started) / 1_000_000,
                    bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("building the factor index in memory failed", e);
        }
    }

    /** Sums the rows of {@code items}: each factor, and each product of two (a symmetric k × k, filled both ways). */
    private static void sums(float[] factors, int[] items, int k, double[] sum, double[] squares) {
        for (int i : items) {
            for (int a = 0; a < k; a++) {
                double va = factors[i * k + a];
                sum[a] += va;
                for (int b = 0; b <= a; b++) {
                    squares[a * k + b] += va * factors[i * k + b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < a; b++) {
                squares[b * k + a] = squares[a * k + b];
            }
        }
    }

    /**
     * The sum of the indexed items' factors: with {@link #factorSquares}, what the mean and spread
     * of a user's scores over every item follow from without scoring them. Not to be modified.
     */
    double[] factorSum() {
        return factorSum;
    }

    /** The sum of the indexed items' outer products y yᵀ, k × k row-major. Not to be modified. */
    double[] factorSquares() {
        return factorSquares;
    }

    /**
     * About the {@code count} items with the largest dot product with the user's factors, best
     * first (approximate: an item may be missing or out of order). Empty for a zero vector.
     */
    public int[] nearest(float[] user, int count) {
        return nearest(user, count, null);
    }

    /**
     * The same among the items {@code skip} does not hold (null: all), so that a user's history does
     * not take places among their nearest items when it cannot be listed anyway.
     */
    public int[] nearest(float[] user, int count, IntSet skip) {
        if (itemOfDoc.length == 0 || count <= 0 || isZero(user)) {
            return new int[0];
        }
        Bits accept = skip == null || skip.isEmpty() ? null : new Bits() {
            @Override
            public boolean get(int doc) {
                return !skip.contains(itemOfDoc[doc]);
            }

            @Override
            public int length() {
                return itemOfDoc.length;
            }
        };
        try {
            RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(SIMILARITY, rows.copy(),
                    user);
            // Lucene's search of an in-memory graph walks it with a cursor of its own: safe to run concurrently.
            KnnCollector found = HnswGraphSearcher.search(scorer, Math.min(count, itemOfDoc.length), graph,
                    accept, Integer.MAX_VALUE);
            TopDocs top = found.topDocs();
            int[] items = new int[top.scoreDocs.length];
            for (int r = 0; r < items.length; r++) {
                ScoreDoc hit = top.scoreDocs[r];
                items[r] = itemOfDoc[hit.doc];
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException("searching the factor index in memory failed", e);
        }
    }

    /**
     * The indexed rows read in place from the model's factor array, not copied: each read copies one
     * row into this reader's buffer, as Lucene's own readers of stored vectors do (its graph builder and
     * searcher take a {@link #copy()} wherever two vectors are needed at once).
     */
    private static final class Rows implements RandomAccessVectorValues.Floats {
        private final float[] factors;
        private final int[] itemOfDoc;
        private final int k;
        private final float[] row;

        Rows(float[] factors, int[] itemOfDoc, int k) {
            this.factors = factors;
            this.itemOfDoc = itemOfDoc;
            this.k = k;
            this.row = new float[k];
        }

        @Override
        public int size() {
            return itemOfDoc.length;
        }

        @Override
        public int dimension() {
            return k;
        }

        @Override
        public float[] vectorValue(int doc) {
            System.arraycopy(factors, itemOfDoc[doc] * k, row, 0, k);
            return row;
        }

        @Override
        public Rows copy() {
            return new Rows(factors, itemOfDoc, k);
        }
    }

    private static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }

    /** How many items the index holds. */
    public int size() {
        return itemOfDoc.length;
    }

    /** The memory the index holds: the graph and the item of each node (the vectors are the model's own). */
    public long bytes() {
        return bytes;
    }

    /** How long building the index took. */
    public long buildMillis() {
        return buildMillis;
    }
}
