package dev.brisk.client;

import java.time.Instant;
import java.util.List;

/** The stored snapshots of one figure over a window, oldest first. */
public record MetricHistory(String name, List<Point> points) {

    /** A value taken at a moment by one instance ({@code source}). */
    public record Point(Instant timestamp, double value, String source) {
    }
}
