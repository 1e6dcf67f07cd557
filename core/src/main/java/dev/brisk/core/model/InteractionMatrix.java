package dev.brisk.core.model;

import dev.brisk.core.event.EventType;
import java.util.Arrays;

/**
 * The sparse user × item matrix the personal models train on: per (user, item) the sum of the
 * signed weights of their interactions (dislikes and low ratings count against an item,
 * impressions not at all), optionally decayed with age. Stored twice in primitive arrays: rows by
 * user (CSR) and columns by item (CSC). Also holds each item's trend: its positive weight decayed
 * with a short half-life, the popularity signal the models fall back on. Immutable once built.
 */
public final class InteractionMatrix {
    private static final long DAY_MILLIS = 86_400_000L;

    /** How events become matrix entries. A half-life of 0 turns that decay off. */
    public record Settings(FeedbackWeights weights, double decayHalfLifeDays, double trendHalfLifeDays) {

        public Settings {
            if (weights == null) {
                throw new IllegalArgumentException("weights are required");
            }
            if (decayHalfLifeDays < 0 || trendHalfLifeDays < 0) {
                throw new IllegalArgumentException("half-lives must not be negative");
            }
        }

        public static Settings defaults() {
            return new Settings(FeedbackWeights.defaults(), 0, 7);
        }

        /** The factor an interaction of this age (ms) is multiplied with. */
        double decay(long ageMillis) {
            return factor(decayHalfLifeDays, ageMillis);
        }

        double trend(long ageMillis) {
            return factor(trendHalfLifeDays, ageMillis);
        }

        private static double factor(double halfLifeDays, long ageMillis) {
            if (halfLifeDays == 0) {
                return 1.0;
            }
            return Math.pow(0.5, Math.max(0, ageMillis) / (halfLifeDays * DAY_MILLIS));
        }
    }

    private final Settings settings;
    private final IdMap users;
    private final IdMap items;
    private final int[] rowStart;
    private final int[] rowItems;
    private final float[] rowValues;
    private final int[] colStart;
    private final int[] colUsers;
    private final float[] colValues;
    private final float[] trend;
    private final long builtAt;
    private final long trainedAt;
    private final int events;

    private InteractionMatrix(Settings settings, IdMap users, IdMap items, int[] rowStart, int[] rowItems,
                              float[] rowValues, float[] trend, long builtAt, long trainedAt, int events) {
        this.settings = settings;
        this.users = users;
        this.items = items;
        this.rowStart = rowStart;
        this.rowItems = rowItems;
        this.rowValues = rowValues;
        this.trend = trend;
        this.builtAt = builtAt;
        this.trainedAt = trainedAt;
        this.events = events;
        // Columns: counting sort of the row entries by item.
        int nItems = items.size();
        colStart = new int[nItems + 1];
        for (int item : rowItems) {
            colStart[item + 1]++;
        }
        for (int i = 0; i < nItems; i++) {
            colStart[i + 1] += colStart[i];
        }
        colUsers = new int[rowItems.length];
        colValues = new float[rowItems.length];
        int[] fill = Arrays.copyOf(colStart, nItems);
        for (int u = 0; u < users.size(); u++) {
            for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
                int at = fill[rowItems[p]]++;
                colUsers[at] = u;
                colValues[at] = rowValues[p];
            }
        }
    }

    /**
     * Builds the matrix from every interaction in {@code log} as seen at {@code now}. Items in
     * {@code catalogItems} that nobody interacted with get an (empty) column too, so that models
     * can still rank them by content. Runs in time linear in the number of interactions.
     */
    public static InteractionMatrix build(InteractionLog log, Iterable<String> catalogItems, Settings settings,
                                          long now) {
        return build(log, catalogItems, settings, now, now);
    }

    /**
     * As above, with the wall-clock time of the training run apart from {@code now}, the time
     * ages are measured from (for historical data sets, their own last day).
     */
    public static InteractionMatrix build(InteractionLog log, Iterable<String> catalogItems, Settings settings,
                                          long now, long trainedAt) {
        IdMap items = new IdMap();
        for (int i = 0; i < log.items().size(); i++) {
            items.add(log.items().idAt(i));
        }
        if (catalogItems != null) {
            for (String id : catalogItems) {
                items.add(id);
            }
        }
        IdMap users = log.users();
        int nUsers = users.size();
        int nItems = items.size();
        FeedbackWeights weights = settings.weights();

        // Pass 1: count the contributing events per user.
        int[] counts = new int[nUsers + 1];
        int used = 0;
        for (int e = 0; e < log.size(); e++) {
            if (contributes(log, e, weights)) {
                counts[log.userAt(e) + 1]++;
                used++;
            }
        }
        for (int u = 0; u < nUsers; u++) {
            counts[u + 1] += counts[u];
        }
        // Pass 2: scatter (item, weight) into user buckets.
        int[] bucketItems = new int[used];
        float[] bucketValues = new float[used];
        float[] trend = new float[nItems];
        int[] fill = Arrays.copyOf(counts, nUsers);
        for (int e = 0; e < log.size(); e++) {
            if (!contributes(log, e, weights)) {
                continue;
            }
            double w = weights.weight(log.typeAt(e), log.ratingAt(e));
            long age = now - log.timestampAt(e);
            int at = fill[log.userAt(e)]++;
            bucketItems[at] = log.itemAt(e);
            bucketValues[at] = (float) (w * settings.decay(age));
            trend[log.itemAt(e)] += (float) (w * settings.trend(age));
        }
        // Pass 3: sum repeated (user, item) pairs within each bucket, in first-seen order.
        int[] rowStart = new int[nUsers + 1];
        int[] rowItems = new int[used];
        float[] rowValues = new float[used];
        int[] slot = new int[nItems];
        Arrays.fill(slot, -1);
        int out = 0;
        for (int u = 0; u < nUsers; u++) {
            int begin = out;
            for (int p = counts[u]; p < counts[u + 1]; p++) {
                int item = bucketItems[p];
                if (slot[item] < 0) {
                    slot[item] = out;
                    rowItems[out] = item;
                    rowValues[out++] = bucketValues[p];
                } else {
                    rowValues[slot[item]] += bucketValues[p];
                }
            }
            // Reset the slots and drop pairs whose signals cancelled out exactly.
            int keep = begin;
            for (int p = begin; p < out; p++) {
                slot[rowItems[p]] = -1;
                if (rowValues[p] != 0f) {
                    rowItems[keep] = rowItems[p];
                    rowValues[keep++] = rowValues[p];
                }
            }
            out = keep;
            rowStart[u + 1] = out;
        }
        for (int i = 0; i < nItems; i++) {
            trend[i] = Math.max(0f, trend[i]);
        }
        return new InteractionMatrix(settings, users, items, rowStart, Arrays.copyOf(rowItems, out),
                Arrays.copyOf(rowValues, out), trend, now, trainedAt, used);
    }

    private static boolean contributes(InteractionLog log, int e, FeedbackWeights weights) {
        EventType type = log.typeAt(e);
        return type.isPreference() && weights.weight(type, log.ratingAt(e)) != 0.0;
    }

    /** The settings the matrix was built with; a user's history is read the same way. */
    public Settings settingsUsed() {
        return settings;
    }

    public IdMap users() {
        return users;
    }

    public IdMap items() {
        return items;
    }

    public int userCount() {
        return users.size();
    }

    public int itemCount() {
        return items.size();
    }

    /** Distinct (user, item) pairs with a non-zero weight. */
    public int nonZeros() {
        return rowItems.length;
    }

    /** Interactions (events) that went into the matrix. */
    public int events() {
        return events;
    }

    /** The time the matrix was built for (epoch ms); ages and decay are relative to it. */
    public long builtAt() {
        return builtAt;
    }

    /** The wall-clock time of the training run: what models trained on this matrix take as their version. */
    public long trainedAt() {
        return trainedAt;
    }

    public int rowStart(int user) {
        return rowStart[user];
    }

    public int rowEnd(int user) {
        return rowStart[user + 1];
    }

    public int colStart(int item) {
        return colStart[item];
    }

    public int colEnd(int item) {
        return colStart[item + 1];
    }

    /** Row entries by position: the item and the weight. Positions run from rowStart to rowEnd. */
    public int rowItem(int position) {
        return rowItems[position];
    }

    public float rowValue(int position) {
        return rowValues[position];
    }

    public int colUser(int position) {
        return colUsers[position];
    }

    public float colValue(int position) {
        return colValues[position];
    }

    /** The item's trend: its positive interaction weight, decayed with the trend half-life. */
    public float trend(int item) {
        return trend[item];
    }

    float[] trendArray() {
        return trend;
    }

    // The raw arrays, for the training loops of this package (read only).
    int[] rowStarts() {
        return rowStart;
    }

    int[] rowItems() {
        return rowItems;
    }

    float[] rowValues() {
        return rowValues;
    }

    int[] colStarts() {
        return colStart;
    }

    int[] colUsers() {
        return colUsers;
    }

    float[] colValues() {
        return colValues;
    }

    /** How many users interacted with the item (non-zero entries in its column). */
    public int itemDegree(int item) {
        return colStart[item + 1] - colStart[item];
    }
}
