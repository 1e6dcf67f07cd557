package dev.brisk.server.simulate;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one run, written by many simulated users at once. */
final class SimulationStats {
    private final Map<String, EndpointStats> endpoints = new ConcurrentHashMap<>();
    final LongAdder eventsSent = new LongAdder();
    final LongAdder eventsAccepted = new LongAdder();
    final LongAdder eventsDuplicated = new LongAdder();
    final LongAdder eventsFailed = new LongAdder();
    final LongAdder eventsWithRecommendationId = new LongAdder();
    final LongAdder recommendationLists = new LongAdder();
    private final Map<String, LongAdder> acceptedByType = new ConcurrentHashMap<>();

    EndpointStats endpoint(String name) {
        return endpoints.computeIfAbsent(name, n -> new EndpointStats());
    }

    void accepted(String eventType, long n) {
        eventsAccepted.add(n);
        acceptedByType.computeIfAbsent(eventType, t -> new LongAdder()).add(n);
    }

    long requests() {
        return endpoints.values().stream().mapToLong(e -> e.requests.sum()).sum();
    }

    long errors() {
        return endpoints.values().stream().mapToLong(EndpointStats::errorCount).sum();
    }

    SimulationReport.Events events() {
        return new SimulationReport.Events(eventsSent.sum(), eventsAccepted.sum(), eventsDuplicated.sum(),
                eventsFailed.sum(), eventsWithRecommendationId.sum(), sums(acceptedByType));
    }

    Map<String, SimulationReport.Endpoint> endpoints(double elapsedSeconds) {
        Map<String, SimulationReport.Endpoint> out = new TreeMap<>();
        endpoints.forEach((name, e) -> out.put(name, e.report(elapsedSeconds)));
        return out;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Requests, successes, errors by kind and latencies of one endpoint. */
    static final class EndpointStats {
        final LongAdder requests = new LongAdder();
        final LongAdder ok = new LongAdder();
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        private final LatencyHistogram latency = new LatencyHistogram();

        void succeeded(long nanos) {
            requests.increment();
            ok.increment();
            latency.record(nanos);
        }

        /** A failed request; {@code nanos} is negative when there was no answer to time. */
        void failed(String kind, long nanos) {
            requests.increment();
            errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (nanos >= 0) {
                latency.record(nanos);
            }
        }

        long errorCount() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }

        SimulationReport.Endpoint report(double elapsedSeconds) {
            long n = requests.sum();
            return new SimulationReport.Endpoint(n, ok.sum(), elapsedSeconds > 0 ? round(n / elapsedSeconds) : 0, sums(errors),
                    new SimulationReport.Latency(round(latency.percentileMillis(0.50)),
                            round(latency.percentileMillis(0.95)), round(latency.percentileMillis(0.99)),
                            round(latency.maxMillis()), round(latency.meanMillis())));
        }
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
