package dev.brisk.server.store;

import java.util.List;

/** One session of a user: when it started and ended, how many events, which items (each once, in order). */
public record SessionSummary(String sessionId, long start, long end, int eventCount, List<String> items) {
}
