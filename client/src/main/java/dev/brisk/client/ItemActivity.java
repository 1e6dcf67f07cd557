package dev.brisk.client;

import java.util.List;

/** An item's latest events ({@code count} of them) and how many it has in all. */
public record ItemActivity(String itemId, List<StoredEvent> recentEvents, int count, long totalEvents) {
}
