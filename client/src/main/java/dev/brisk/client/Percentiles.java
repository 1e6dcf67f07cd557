package dev.brisk.client;

/** Percentiles over the last minute, in milliseconds, and how many measurements since start. */
public record Percentiles(double p50, double p95, double p99, long count, String unit) {
}
