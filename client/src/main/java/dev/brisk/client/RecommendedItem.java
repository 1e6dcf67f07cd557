package dev.brisk.client;

import java.util.List;

/** An item of a served list, with its rank, score and the explanation to show with it. */
public record RecommendedItem(int rank, String itemId, String title, List<String> genres, double score, String explanation, String reason,
        List<String> becauseOf) {
}
