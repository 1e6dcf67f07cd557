package dev.brisk.server.recommend;

import java.util.List;

/**
 * A list as answered by {@code /recommend}: the items and how they were produced, and the
 * experiment and variant it was served for (null outside any experiment).
 */
public record ServedList(String requestId, String userId, String model, String modelVersion, boolean cached,
                         boolean coldStart, double tookMs, List<Entry> items, InExperiment experiment) {

    /** The experiment a list counts for: its id, the user's variant and the model that variant serves. */
    public record InExperiment(String id, String variant, String model) {
    }

    /** One item of the list, with what a client shows next to it. */
    public record Entry(int rank, String itemId, String title, List<String> genres, double score,
                        String explanation, String reason, List<String> becauseOf) {
    }

    /** What is kept in the cache: everything but the per-request fields. */
    public record Cached(String model, String modelVersion, boolean coldStart, List<Entry> items) {
    }
}
