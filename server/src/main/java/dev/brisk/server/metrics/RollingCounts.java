package dev.brisk.server.metrics;

/**
 * Counts per second for the last five minutes, in a ring of one-second buckets per series, so
 * rates over 1 and 5 minutes cost a sum over at most 300 longs.
 */
public final class RollingCounts {
    public static final int SECONDS = 300;

    private final long[][] counts;
    private final long[] bucketSecond = new long[SECONDS];

    public RollingCounts(int series) {
        this.counts = new long[series][SECONDS];
    }

    public synchronized void add(int series, long n, long nowMillis) {
        long second = nowMillis / 1000;
        int slot = (int) (second % SECONDS);
        if (bucketSecond[slot] != second) {
            bucketSecond[slot] = second;
            for (long[] s : counts) {
                s[slot] = 0;
            }
        }
        counts[series][slot] += n;
    }

    /** Events per second of one series over the last {@code windowSeconds} (1..300). */
    public synchronized double rate(int series, int windowSeconds, long nowMillis) {
        long now = nowMillis / 1000;
        long total = 0;
        for (int slot = 0; slot < SECONDS; slot++) {
            long age = now - bucketSecond[slot];
            if (age >= 0 && age < windowSeconds) {
                total += counts[series][slot];
            }
        }
        return (double) total / windowSeconds;
    }

    /** The count of each of the last {@code seconds} whole seconds, oldest first, for one series. */
    public synchronized long[] perSecond(int series, int seconds, long nowMillis) {
        long now = nowMillis / 1000;
        long[] out = new long[seconds];
        for (int i = 0; i < seconds; i++) {
            long second = now - seconds + i;
            int slot = (int) (second % SECONDS);
            out[i] = bucketSecond[slot] == second ? counts[series][slot] : 0;
        }
        return out;
    }
}
