package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A user: the labels and properties {@code users().put} stored (none, and null times, for a user
 * known only from events), with a short summary of their events ({@code profile} null without any).
 * Property values keep their JSON type, as in {@link Item}.
 */
public record User(String userId, List<String> labels, Map<String, Object> properties, Instant createdAt,
                   Instant updatedAt, Summary profile) {

    /** What the user's events say, in short ({@code users().profile} has it all). */
    public record Summary(long totalInteractions, List<String> favoriteGenres, long sessionCount,
                          Instant firstInteraction, Instant lastInteraction) {
    }
}
