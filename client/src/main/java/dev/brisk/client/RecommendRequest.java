package dev.brisk.client;

import java.util.List;
import java.util.Objects;

/**
 * A request for a user's list: {@code RecommendRequest.forUser("u42").n(5).model("als")}. Null
 * fields are left to the service's defaults (10 items, the default model, seen items excluded).
 */
public record RecommendRequest(String userId, Integer n, Integer offset, String model, Boolean excludeSeen,
                               String genre, List<String> exclude) {

    public RecommendRequest {
        Objects.requireNonNull(userId, "userId");
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    public static RecommendRequest forUser(String userId) {
        return new RecommendRequest(userId, null, null, null, null, null, List.of());
    }

    public RecommendRequest n(int value) {
        return new RecommendRequest(userId, value, offset, model, excludeSeen, genre, exclude);
    }

    /**
     * Where the page starts in the ranked list (0-based): {@code offset(10).n(10)} is the second page
     * of ten, continuing the first without repeats; each item keeps its rank in the whole list.
     */
    public RecommendRequest offset(int value) {
        return new RecommendRequest(userId, n, value, model, excludeSeen, genre, exclude);
    }

    /** One of popular, item_knn, als, content, hybrid (see {@code models().list()}). */
    public RecommendRequest model(String value) {
        return new RecommendRequest(userId, n, offset, value, excludeSeen, genre, exclude);
    }

    public RecommendRequest excludeSeen(boolean value) {
        return new RecommendRequest(userId, n, offset, model, value, genre, exclude);
    }

    public RecommendRequest genre(String value) {
        return new RecommendRequest(userId, n, offset, model, excludeSeen, value, exclude);
    }

    /** Items the page already shows (at most 500). */
    public RecommendRequest exclude(List<String> itemIds) {
        return new RecommendRequest(userId, n, offset, model, excludeSeen, genre, itemIds);
    }
}
