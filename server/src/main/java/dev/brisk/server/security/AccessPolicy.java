package dev.brisk.server.security;

import io.javalin.http.Context;

/**
 * Decides, before a route's handler runs, whether this request may call it: the one check every
 * route goes through (see {@code http.Api}). It throws the API's error (401, 403, 429) to refuse.
 */
@FunctionalInterface
public interface AccessPolicy {
    /** Lets everything through: a service with no API keys configured. */
    AccessPolicy OPEN = (ctx, required) -> { };

    void check(Context ctx, Role required) throws Exception;
}
