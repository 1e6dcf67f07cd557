package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What users did over a window: active users, events by type and hour, top items, the funnel, click-through per model. */
public record Engagement(String window, Instant since, long activeUsers, Map<String, Long> eventsByType,
                         List<HourCount> eventsByHour, List<TopItem> topItems, List<FunnelStep> funnel,
                         List<ModelClickThrough> clickThroughByModel) {

    public record HourCount(Instant hour, long events) {
    }

    public record TopItem(String itemId, String title, long events) {
    }

    /** A step of view, click, purchase; {@code rateFromPrevious} is null for the first. */
    public record FunnelStep(String step, long users, Double rateFromPrevious) {
    }

    public record ModelClickThrough(String model, long lists, long itemsServed, long clicks, double clickThroughRate) {
    }
}
