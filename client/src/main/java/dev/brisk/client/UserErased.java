package dev.brisk.client;

/** What erasing a user removed. */
public record UserErased(String userId, Rows erased) {

    /** Rows removed per kind. */
    public record Rows(long events, long profiles, long recommendationLogs) {
    }
}
