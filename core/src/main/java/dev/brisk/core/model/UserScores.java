package dev.brisk.core.model;

/**
 * What one model computed for one user: a score per item index (NaN where the item is not a
 * candidate) and, on demand, why an item scored as it did.
 */
public interface UserScores {

    float[] values();

    /** The items that have a score, when they are few (candidates); null when any item may. */
    default int[] candidates() {
        return null;
    }

    Explanation explain(int item);

    /**
     * The mean and the standard deviation of this user's scores over every item outside the user's
     * history, an item without a score counted as 0 — when {@link #values()} holds candidates only
     * and the model can tell them all the same; null when they are to be read from {@link #values()}.
     */
    default double[] meanAndDeviation() {
        return null;
    }
}
