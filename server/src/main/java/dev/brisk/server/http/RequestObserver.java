package dev.brisk.server.http;

/** Told of every answered request (for metrics): method, matched route template, status, duration. */
@FunctionalInterface
public interface RequestObserver {
    RequestObserver NONE = (method, route, status, nanos) -> { };

    /** The route of a request no endpoint matched (404s, probes), so that stray paths add no series. */
    String UNMATCHED = "unmatched";

    void served(String method, String route, int status, long nanos);
}
