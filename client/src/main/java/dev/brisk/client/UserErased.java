package dev.brisk.client;

/** What erasing a user removed. */
public record UserErased(String userId, Rows erased) {

    /** Rows removed per kind; {@code users} is the entity of {@code users().put} (0 or 1). */
    public record Rows(long events, long profiles, long recommendationLogs, long users) {
    }
}
