package dev.brisk.core.model;

/**
 * What one model computed for one user: a score per item index (NaN where the item is not a
 * candidate) and, on demand, why an item scored as it did.
 */
public interface UserScores {

    float[] values();

    Explanation explain(int item);
}
