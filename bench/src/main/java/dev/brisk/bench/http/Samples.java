package dev.brisk.bench.http;

import java.util.Arrays;

/**
 * A bounded, growable list of long samples (nanoseconds or microseconds) owned by one thread,
 * and the summary of several of them. Samples past the bound are not kept (the
 * callers count requests separately).
 */
final class Samples {
    static final int MAX_KEPT = 4_000_000;

    private long[] values = new long[1024];
    private int size;

    void add(long value) {
        if (size == values.length) {
            if (size >= MAX_KEPT) {
                return;
            }
            values = Arrays.copyOf(values, Math.min(MAX_KEPT, size * 2));
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    /** p50, p90, p99, p99.9, max and mean of all samples, divided by {@code unit} (e.g. 1e6 for ns → ms). */
    static Summary summarize(Iterable<Samples> parts, double unit) {
        int total = 0;
        for (Samples s : parts) {
            total += s.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (Samples s : parts) {
            System.arraycopy(s.values, 0, all, at, s.size);
            at += s.size;
        }
        return Summary.of(all, unit);
    }

    /** Percentiles by nearest rank. */
    record Summary(int count, double p50, double p90, double p99, double p999, double max, double mean) {
        static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);

        static Summary of(long[] values, double unit) {
            if (values.length == 0) {
                return EMPTY;
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return new Summary(sorted.length, rank(sorted, 0.50) / unit, rank(sorted, 0.90) / unit,
                    rank(sorted, 0.99) / unit, rank(sorted, 0.999) / unit, sorted[sorted.length - 1] / unit,
                    sum / sorted.length / unit);
        }

        private static long rank(long[] sorted, double q) {
            int index = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }
}
