package dev.brisk.server.simulate;

import java.util.Map;

/**
 * What a simulation did, so far or in the end: events sent and what the service answered,
 * recommendation lists received, and per endpoint the requests, errors by kind and latency.
 *
 * @param state     {@code running}, {@code finished} (a limit was reached), {@code stopped} or {@code failed}
 * @param endReason {@code duration}, {@code count} or {@code stopped}; null while running
 * @param failure   why a run could not start; null otherwise
 */
public record SimulationReport(String runId, String state, String endReason, String startedAt, double elapsedSeconds,
                               SimulationPlan plan, Events events, long recommendationLists, long requests,
                               long errors, double eventsPerSecond, double requestsPerSecond,
                               Map<String, Endpoint> endpoints, String failure) {

    /**
     * Events: {@code sent} requests, of which the service {@code accepted} or called
     * {@code duplicates}; {@code failed} got no acknowledgement (an error or no answer);
     * {@code withRecommendationId} were clicks, ratings or purchases of a served list's items.
     */
    public record Events(long sent, long accepted, long duplicates, long failed, long withRecommendationId,
                         Map<String, Long> acceptedByType) {
    }

    /** One endpoint: requests, successful answers, throughput, errors by kind, latency in milliseconds. */
    public record Endpoint(long requests, long ok, double requestsPerSecond, Map<String, Long> errors,
                           Latency latencyMs) {
    }

    /** Latency percentiles, maximum and mean in milliseconds. */
    public record Latency(double p50, double p95, double p99, double max, double mean) {
    }

    public boolean running() {
        return "running".equals(state);
    }
}
