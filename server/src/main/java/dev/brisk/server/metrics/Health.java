package dev.brisk.server.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/** The state of one component: "up", "degraded" or "down", with details for a person. */
public record Health(String component, String status, String message, Map<String, Object> details) {
    public static final String UP = "up";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";

    public static Health up(String component, Map<String, Object> details) {
        return new Health(component, UP, "ok", details);
    }

    @JsonIgnore
    public boolean isDown() {
        return DOWN.equals(status);
    }

    /** Something that can say how it is. */
    @FunctionalInterface
    public interface Check {
        Health check();
    }
}
