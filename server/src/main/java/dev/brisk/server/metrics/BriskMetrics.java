package dev.brisk.server.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The process's figures: a Prometheus registry (what {@code /metrics} shows: every timer a
 * histogram, every family with its description) and the rolling real-time numbers (events per
 * second, latency percentiles over the last minute, freshness).
 */
public final class BriskMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The request timers by series, found again without building a meter id for every request. */
    private final Map<RequestSeries, Timer> requestTimers = new ConcurrentHashMap<>();
    private final EventTypes types;
    /** The slot of all types together in {@code eventRates}, after one per type (by ordinal). */
    private final int all;
    private final RollingCounts eventRates;
    private final Map<EventType, Counter> accepted = new HashMap<>();
    private final Counter duplicates;
    private final Counter rejected;
    private final Counter unattributedClicks;
    private final Timer recommendLatency;
    private final Timer freshness;
    private final Timer ingestCommit;
    private final Cache<String, Long> pendingFreshness = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(100_000).build();
    private final long startedAt = System.currentTimeMillis();
    /** The registry holds a function counter's object weakly; these are often method references nothing else keeps. */
    private final List<Object> counted = new CopyOnWriteArrayList<>();

    /** Figures for the built-in event types. */
    public BriskMetrics() {
        this(EventTypes.BUILT_IN);
    }

    /** Figures with a counter and a rate for each accepted event type. */
    public BriskMetrics(EventTypes types) {
        registry.config().meterFilter(new HistogramBuckets()); // before the first meter
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.types = types;
        this.all = types.all().size();
        this.eventRates = new RollingCounts(all + 1);
        for (EventType type : types.all()) {
            accepted.put(type, Counter.builder("brisk.events.accepted").tag("type", type.wireName())
                    .description("Events durably stored").register(registry));
        }
        duplicates = Counter.builder("brisk.events.duplicates").description("Retried events already stored")
                .register(registry);
        rejected = Counter.builder("brisk.events.rejected").description("Invalid events, not stored").register(registry);
        unattributedClicks = Counter.builder("brisk.clicks.unattributed")
                .description("Stored clicks and purchases naming a served list that did not hold their item")
                .register(registry);
        recommendLatency = rolling(Timer.builder("brisk.recommend.latency").description("Time to answer /recommend"));
        freshness = rolling(Timer.builder("brisk.freshness")
                .description("From an event's acknowledgement to the next list computed for that user"));
        ingestCommit = rolling(Timer.builder("brisk.ingest.commit").description("Time of one group commit"));
    }

    /**
     * One answered HTTP request: its method, the route that matched (a template such as
     * {@code /users/{id}/activity}, so the series stay few), its status and its duration.
     */
    public void requestServed(String method, String route, int status, long nanos) {
        requestTimers.computeIfAbsent(new RequestSeries(method, route, status), series -> Timer.builder("brisk.http.requests")
                .description("HTTP requests answered, by method, route and status").tag("method", series.method())
                .tag("route", series.route()).tag("status", Integer.toString(series.status())).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One series of {@code brisk.http.requests}; as few as the routes' templates times their methods and statuses. */
    private record RequestSeries(String method, String route, int status) {
    }

    /** A figure read when scraped (a queue's depth, a training state), with what it means. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A count since start kept by a component (runs, fallbacks), with what it counts. */
    public void counter(String name, String description, LongSupplier value) {
        counted.add(value);
        FunctionCounter.builder(name, value, v -> v.getAsLong()).description(description).register(registry);
    }

    /** A total since start that is not a whole number (seconds spent), with what it adds up. */
    public void total(String name, String description, DoubleSupplier value) {
        counted.add(value);
        FunctionCounter.builder(name, value, v -> v.getAsDouble()).description(description).register(registry);
    }

    private Timer rolling(Timer.Builder builder) {
        return builder.publishPercentiles(0.5, 0.95, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .distributionStatisticBufferLength(3)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public long startedAt() {
        return startedAt;
    }

    public void eventsAccepted(EventType type, long n, long nowMillis) {
        accepted.get(type).increment(n);
        eventRates.add(type.ordinal(), n, nowMillis);
        eventRates.add(all, n, nowMillis);
    }

    public void eventsDuplicated(long n) {
        duplicates.increment(n);
    }

    public void eventsRejected(long n) {
        rejected.increment(n);
    }

    public void clicksUnattributed(long n) {
        unattributedClicks.increment(n);
    }

    public void commitTook(long nanos) {
        ingestCommit.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void recommendTook(long nanos) {
        recommendLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** An event of this user was acknowledged now: the next list computed for them closes the span. */
    public void userChanged(String userId, long nanoTime) {
        pendingFreshness.asMap().putIfAbsent(userId, nanoTime);
    }

    /** A new list was computed for this user from their current history. */
    public void listComputed(String userId, long nanoTime) {
        Long since = pendingFreshness.asMap().remove(userId);
        if (since != null) {
            freshness.record(nanoTime - since, TimeUnit.NANOSECONDS);
        }
    }

    public long totalAccepted() {
        long total = 0;
        for (Counter c : accepted.values()) {
            total += (long) c.count();
        }
        return total;
    }

    public Map<String, Object> eventRates(long nowMillis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("per_second_1m", round(eventRates.rate(all, 60, nowMillis)));
        out.put("per_second_5m", round(eventRates.rate(all, 300, nowMillis)));
        Map<String, Object> byType = new LinkedHashMap<>();
        for (EventType type : types.all()) {
            byType.put(type.wireName(), Map.of(
                    "per_second_1m", round(eventRates.rate(type.ordinal(), 60, nowMillis)),
                    "per_second_5m", round(eventRates.rate(type.ordinal(), 300, nowMillis)),
                    "total", (long) accepted.get(type).count(),
                    "last_60_seconds", eventRates.perSecond(type.ordinal(), 60, nowMillis)));
        }
        out.put("by_type", byType);
        out.put("last_60_seconds", eventRates.perSecond(all, 60, nowMillis));
        out.put("total", totalAccepted());
        out.put("duplicates", (long) duplicates.count());
        out.put("rejected", (long) rejected.count());
        out.put("unattributed_clicks", (long) unattributedClicks.count());
        return out;
    }

    public Map<String, Object> recommendLatency() {
        return percentiles(recommendLatency);
    }

    public Map<String, Object> freshness() {
        return percentiles(freshness);
    }

    public Map<String, Object> commitLatency() {
        return percentiles(ingestCommit);
    }

    /** p50/p95/p99 in milliseconds over the last minute, and the count since start. */
    private static Map<String, Object> percentiles(Timer timer) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            out.put("p" + Math.round(v.percentile() * 100), round(v.value(TimeUnit.MILLISECONDS)));
        }
        out.put("count", timer.count());
        out.put("unit", "ms");
        return out;
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
