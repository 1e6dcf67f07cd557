package dev.brisk.client;

import java.util.List;

/** Readiness: the overall status (up, degraded, down) and each component's. */
public record Readiness(String status, List<ComponentHealth> components) {
    /** Whether the service can serve (up or degraded). */
    public boolean ready() {
        return !"down".equals(status);
    }
}
