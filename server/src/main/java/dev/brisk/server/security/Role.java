package dev.brisk.server.security;

/**
 * Who may call a route, declared where the route is registered. Each role includes the ones before
 * it: {@code READ} (recommendations and reads), {@code WRITE} (read + events), {@code ADMIN}
 * (everything, the dashboard included). {@code PUBLIC} routes need no key at all (liveness,
 * readiness, the API's documentation).
 */
public enum Role {
    PUBLIC, READ, WRITE, ADMIN;

    /** Whether a caller with this role may call a route that requires {@code required}. */
    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }
}
