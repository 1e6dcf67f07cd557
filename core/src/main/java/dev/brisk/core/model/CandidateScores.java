package dev.brisk.core.model;

import java.util.function.IntFunction;

/**
 * A model's scores for a few candidate items only, for a large catalog: {@code items} ascending
 * (so that equal scores rank as they do when every item is scored), {@code scores} beside them
 * (NaN: no score), and why an item scored as it did. Nothing here is as long as the catalog.
 */
public record CandidateScores(int[] items, float[] scores, IntFunction<Explanation> why) {

    public CandidateScores {
        if (items.length != scores.length) {
            throw new IllegalArgumentException("one score per candidate");
        }
    }
}
