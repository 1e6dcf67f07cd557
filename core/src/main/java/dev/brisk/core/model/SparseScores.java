package dev.brisk.core.model;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Scores of a few items of a large catalog, summed item by item: a dense array beside the list of
 * the items touched — the sparse accumulator of Gilbert, Moler and Schreiber (1992, "Sparse
 * matrices in MATLAB: design and implementation", SIAM J. Matrix Anal. Appl.) — so that adding is
 * an array write, reading the touched items costs their number, and clearing costs only what was
 * touched. Borrowed from a {@link Pool} for one request and given back; not thread-safe.
 */
final class SparseScores {
    /** Each item's sum; NaN marks an item not touched (a sum of finite scores never is), so one array is read per add. */
    private final float[] values;
    private int[] items = new int[1024];
    private int size;

    private SparseScores(int catalogSize) {
        values = new float[catalogSize];
        Arrays.fill(values, Float.NaN);
    }

    void add(int item, float score) {
        float sum = values[item];
        if (sum == sum) {
            values[item] = sum + score;
            return;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = item;
        values[item] = score;
    }

    /** How many items were touched. */
    int size() {
        return size;
    }

    /** The k-th item touched. */
    int item(int k) {
        return items[k];
    }

    /** The item's sum; 0 when untouched. */
    float value(int item) {
        float sum = values[item];
        return sum == sum ? sum : 0f;
    }

    /** The sums over the whole catalog: NaN for an untouched item and, with {@code positiveOnly}, for a sum at or below zero. */
    float[] toArray(boolean positiveOnly) {
        float[] out = new float[values.length];
        Arrays.fill(out, Float.NaN);
        for (int k = 0; k < size; k++) {
            float sum = values[items[k]];
            if (!positiveOnly || sum > 0f) {
                out[items[k]] = sum;
            }
        }
        return out;
    }

    private void clear() {
        for (int k = 0; k < size; k++) {
            values[items[k]] = Float.NaN;
        }
        size = 0;
    }

    /**
     * Accumulators for one catalog, kept for reuse up to {@code 2 ×} the cores (each is 4 bytes per
     * item): a request past that allocates its own, left to the collector.
     */
    static final class Pool {
        private final int catalogSize;
        private final int keep = 2 * Runtime.getRuntime().availableProcessors();
        private final ConcurrentLinkedQueue<SparseScores> free = new ConcurrentLinkedQueue<>();
        private final AtomicInteger kept = new AtomicInteger();

        Pool(int catalogSize) {
            this.catalogSize = catalogSize;
        }

        SparseScores take() {
            SparseScores s = free.poll();
            if (s == null) {
                return new SparseScores(catalogSize);
            }
            kept.decrementAndGet();
            return s;
        }

        /**
         * An accumulator from the pool filled by {@code fill}, or null (and the accumulator given back)
         * when {@code fill} says it added nothing; the caller gives a non-null one back.
         */
        SparseScores summed(Predicate<SparseScores> fill) {
            SparseScores s = take();
            if (fill.test(s)) {
                return s;
            }
            give(s);
            return null;
        }

        /**
         * What {@code fill} sums, over the whole catalog as {@link SparseScores#toArray} gives it, or null
         * when it added nothing; the accumulator goes back to the pool.
         */
        float[] dense(Predicate<SparseScores> fill, boolean positiveOnly) {
            SparseScores s = summed(fill);
            if (s == null) {
                return null;
            }
            try {
                return s.toArray(positiveOnly);
            } finally {
                give(s);
            }
        }

        /** Gives one back (null: nothing), cleared. */
        void give(SparseScores s) {
            if (s == null) {
                return;
            }
            s.clear();
            if (kept.incrementAndGet() <= keep) {
                free.offer(s);
            } else {
                kept.decrementAndGet();
            }
        }
    }
}
