package dev.brisk.core.model;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores of a few items of a large catalog, summed item by item: a dense array beside the list of
 * the items touched — the sparse accumulator of Gilbert, Moler and Schreiber (1992, "Sparse
 * matrices in MATLAB: design and implementation", SIAM J. Matrix Anal. Appl.) — so that adding is
 * an array write, reading the touched items costs their number, and clearing costs only what was
 * touched. Borrowed from a {@link Pool} for one request and given back; not thread-safe.
 */
final class SparseScores {
    private final float[] values;
    private final boolean[] touched;
    private int[] items = new int[1024];
    private int size;

    private SparseScores(int catalogSize) {
        values = new float[catalogSize];
        touched = new boolean[catalogSize];
    }

    void add(int item, float score) {
        if (!touched[item]) {
            touched[item] = true;
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = item;
        }
        values[item] += score;
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
        return values[item];
    }

    private void clear() {
        for (int k = 0; k < size; k++) {
            values[items[k]] = 0f;
            touched[items[k]] = false;
        }
        size = 0;
    }

    /**
     * Accumulators for one catalog, kept for reuse up to {@code 2 ×} the cores (each is 5 bytes per
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
