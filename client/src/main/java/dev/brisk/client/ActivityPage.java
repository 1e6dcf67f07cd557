package dev.brisk.client;

import java.util.List;

/** One page of a user's events, newest first; {@code nextBefore} is the cursor of the next page (null on the last). */
public record ActivityPage(String userId, List<StoredEvent> events, int count, String nextBefore, Long totalEvents) {
    /** Whether a further page follows. */
    public boolean hasMore() {
        return nextBefore != null;
    }
}
