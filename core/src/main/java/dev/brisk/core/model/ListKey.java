package dev.brisk.core.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The cache key of one served list: {@code rec:user:{user_id}:model:{model_type}:n:{n}}, with a
 * genre and a keep-seen suffix only when the request asked for them, and an experiment suffix
 * ({@code :exp:{experiment}:{variant}}) for a list served as a variant of an experiment, so that
 * variants never share lists. Every key of a user starts with {@link #userPrefix(String)}, which is
 * how all of a user's lists are found and dropped.
 */
public record ListKey(String userId, String modelType, int n, String genre, boolean excludeSeen, String experiment,
                      String variant) {

    /** The key of a list served outside any experiment. */
    public ListKey(String userId, String modelType, int n, String genre, boolean excludeSeen) {
        this(userId, modelType, n, genre, excludeSeen, null, null);
    }

    public static String userPrefix(String userId) {
        return "rec:user:" + userId + ":";
    }

    /** The user id a key belongs to, or null when the string is not a list key. */
    public static String userOf(String key) {
        if (!key.startsWith("rec:user:")) {
            return null;
        }
        int end = key.lastIndexOf(":model:");
        return end < 0 ? null : key.substring("rec:user:".length(), end);
    }

    @Override
    public String toString() {
        StringBuilder key = new StringBuilder(64).append(userPrefix(userId))
                .append("model:").append(modelType).append(":n:").append(n);
        if (genre != null && !genre.isBlank()) {
            // Encoded so that a genre can never look like another part of the key.
            key.append(":genre:").append(URLEncoder.encode(genre.toLowerCase(Locale.ROOT), StandardCharsets.UTF_8));
        }
        if (!excludeSeen) {
            key.append(":seen:keep");
        }
        if (experiment != null) {
            key.append(":exp:").append(URLEncoder.encode(experiment, StandardCharsets.UTF_8))
                    .append(':').append(URLEncoder.encode(variant, StandardCharsets.UTF_8));
        }
        return key.toString();
    }
}
