package dev.brisk.client;

import java.time.Instant;
import java.util.List;

/** One of a user's sessions: when, how long, how many events, which items. */
public record Session(String sessionId, Instant start, Instant end, long durationSeconds, int eventCount, List<String> items) {
}
