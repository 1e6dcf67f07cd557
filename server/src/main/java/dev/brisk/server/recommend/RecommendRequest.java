package dev.brisk.server.recommend;

import java.util.Set;

/**
 * A validated request for one page of a user's list: {@code n} items from position
 * {@code offset} (0-based) of the ranked list. {@code genre} is null for all genres.
 */
public record RecommendRequest(String userId, int n, String model, boolean excludeSeen, String genre,
                               Set<String> exclude, int offset) {

    /** The first page of {@code n} items. */
    public RecommendRequest(String userId, int n, String model, boolean excludeSeen, String genre, Set<String> exclude) {
        this(userId, n, model, excludeSeen, genre, exclude, 0);
    }

    /**
     * The request for the ranked list down to the end of this page. Every page is cut from such a
     * list, so a later page continues the earlier ones (same model version and history) without
     * repeating an item.
     */
    public RecommendRequest wholeList() {
        return offset == 0 ? this : new RecommendRequest(userId, offset + n, model, excludeSeen, genre, exclude, 0);
    }
}
