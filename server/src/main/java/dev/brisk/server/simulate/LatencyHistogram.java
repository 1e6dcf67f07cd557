package dev.brisk.server.simulate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in logarithmic buckets 2% wide, from 1 µs to beyond ten minutes: fixed memory however
 * long a run lasts, percentiles within 2%, safe to record from many threads.
 */
final class LatencyHistogram {
    private static final double GROWTH = 1.02;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final int BUCKETS = 1200;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong sumMicros = new AtomicLong();
    private final AtomicLong maxMicros = new AtomicLong();

    void record(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        int bucket = (int) Math.min(BUCKETS - 1, Math.floor(Math.log(micros) / LOG_GROWTH));
        counts.incrementAndGet(bucket);
        total.incrementAndGet();
        sumMicros.addAndGet(micros);
        maxMicros.accumulateAndGet(micros, Math::max);
    }

    long count() {
        return total.get();
    }

    /** The latency in milliseconds below which {@code fraction} of the recorded ones fall; 0 when empty. */
    double percentileMillis(double fraction) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * n);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) {
                // The bucket's upper bound, but never above the largest value actually seen.
                return Math.min(Math.pow(GROWTH, b + 1), maxMicros.get()) / 1000.0;
            }
        }
        return maxMicros.get() / 1000.0;
    }

    double meanMillis() {
        long n = total.get();
        return n == 0 ? 0 : sumMicros.get() / 1000.0 / n;
    }

    double maxMillis() {
        return maxMicros.get() / 1000.0;
    }
}
