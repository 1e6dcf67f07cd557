package dev.brisk.client;

import java.util.List;

/** The newest events of the live feed; pass {@code latestSeq} as {@code after} in the next call. */
public record EventFeed(List<FeedEvent> events, int count, long latestSeq, long missed, int capacity) {
}
