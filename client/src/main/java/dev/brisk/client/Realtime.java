package dev.brisk.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The live operating figures: event rates, stored totals, the cache, latencies, freshness, models, components. */
public record Realtime(Instant timestamp, long uptimeSeconds, EventRates events, Totals totals, CacheFigures cache,
                       Percentiles recommendLatency, Percentiles freshness, Percentiles ingestCommitLatency,
                       List<ModelStatus> models, String status, List<ComponentHealth> components) {

    /** Accepted events per second over one and five minutes, per type, and counts since start. */
    public record EventRates(@JsonProperty("per_second_1m") double perSecond1m,
                             @JsonProperty("per_second_5m") double perSecond5m,
                             Map<String, Rate> byType,
                             @JsonProperty("last_60_seconds") List<Long> last60Seconds,
                             long total, long duplicates, long rejected, long unattributedClicks) {
    }

    /** One event type's rates. */
    public record Rate(@JsonProperty("per_second_1m") double perSecond1m,
                       @JsonProperty("per_second_5m") double perSecond5m, long total,
                       @JsonProperty("last_60_seconds") List<Long> last60Seconds) {
    }

    /** Stored counts. */
    public record Totals(long events, long users, long items) {
    }

    public record CacheFigures(String backend, double hitRate, long hits, long misses, long size) {
    }
}
