package dev.brisk.core.model;

import java.util.function.IntPredicate;

/**
 * Picks the best few items from a dense score array without sorting it: a bounded min-heap, and
 * the (possibly costly) acceptance test only for items that would enter the heap.
 */
public final class TopK {
    private TopK() {
    }

    /**
     * The indexes of the (at most) {@code n} highest finite scores that {@code accept} lets through,
     * best first; equal scores keep the lower index first.
     */
    public static int[] select(float[] scores, int n, IntPredicate accept) {
        return select(scores, null, n, accept);
    }

    /**
     * The same among the indexes {@code among} only (any order; null for all), so that a few
     * candidates of a large array are chosen without reading the rest.
     */
    public static int[] select(float[] scores, int[] among, int n, IntPredicate accept) {
        if (n <= 0) {
            return new int[0];
        }
        int[] heapIndex = new int[n];
        float[] heapScore = new float[n];
        int size = 0;
        int count = among == null ? scores.length : among.length;
        for (int c = 0; c < count; c++) {
            int i = among == null ? c : among[c];
            float s = scores[i];
            if (!(s > Float.NEGATIVE_INFINITY) || s == Float.POSITIVE_INFINITY) {
                continue; // NaN and infinities mean "not a candidate"
            }
            if (size == n && s <= heapScore[0]) {
                continue;
            }
            if (!accept.test(i)) {
                continue;
            }
            if (size < n) {
                heapIndex[size] = i;
                heapScore[size] = s;
                siftUp(heapIndex, heapScore, size++);
            } else {
                heapIndex[0] = i;
                heapScore[0] = s;
                siftDown(heapIndex, heapScore, size);
            }
        }
        // Pop the heap from worst to best into the result, back to front.
        int[] out = new int[size];
        for (int k = size - 1; k >= 0; k--) {
            out[k] = heapIndex[0];
            heapIndex[0] = heapIndex[k];
            heapScore[0] = heapScore[k];
            siftDown(heapIndex, heapScore, k);
        }
        return out;
    }

    /** Heap order: smaller score first; for equal scores the higher index is "smaller" (dropped first). */
    private static boolean less(float sa, int ia, float sb, int ib) {
        return sa < sb || (sa == sb && ia > ib);
    }

    private static void siftUp(int[] idx, float[] sc, int pos) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!less(sc[pos], idx[pos], sc[parent], idx[parent])) {
                return;
            }
            swap(idx, sc, pos, parent);
            pos = parent;
        }
    }

    private static void siftDown(int[] idx, float[] sc, int size) {
        int pos = 0;
        while (true) {
            int left = 2 * pos + 1;
            if (left >= size) {
                return;
            }
            int smallest = left;
            int right = left + 1;
            if (right < size && less(sc[right], idx[right], sc[left], idx[left])) {
                smallest = right;
            }
            if (!less(sc[smallest], idx[smallest], sc[pos], idx[pos])) {
                return;
            }
            swap(idx, sc, pos, smallest);
            pos = smallest;
        }
    }

    private static void swap(int[] idx, float[] sc, int a, int b) {
        int ti = idx[a];
        idx[a] = idx[b];
        idx[b] = ti;
        float ts = sc[a];
        sc[a] = sc[b];
        sc[b] = ts;
    }
}
