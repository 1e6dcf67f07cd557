package dev.brisk.server.security;

import dev.brisk.server.http.ApiException;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The access policy of a running Brisk, checked before every route's handler:
 * <ol>
 * <li>requests that change state must not come from another site and must carry JSON (see
 * {@link CrossSiteGuard}): 403 or 415;</li>
 * <li>public routes need nothing more;</li>
 * <li>when keys are configured, the request must present one ({@code Authorization: Bearer} or
 * {@code X-API-Key}) that is valid (else 401, the same answer whether the key never existed or was
 * revoked) and whose role includes the route's (else 403); with no key configured the API is
 * open — it then listens on loopback unless {@code BRISK_ALLOW_OPEN} said otherwise;</li>
 * <li>each key (each client address while open) is held to the request rate of its role: 429 with
 * {@code Retry-After} beyond it.</li>
 * </ol>
 */
public final class KeyAccessPolicy implements AccessPolicy {
    /** The request attribute holding the {@link ApiKeys.Caller} of an authenticated request. */
    public static final String CALLER = "brisk.caller";

    private final ApiKeys keys;
    private final RateLimiter limiter = new RateLimiter();
    private final Map<Role, Integer> rates = new EnumMap<>(Role.class);
    private final CrossSiteGuard crossSite;
    private final Map<Role, Counter> limited = new EnumMap<>(Role.class);
    private final Counter unauthenticated;
    private final Counter forbidden;

    public KeyAccessPolicy(ApiKeys keys, int readPerSecond, int writePerSecond, int adminPerSecond,
                           CrossSiteGuard crossSite, MeterRegistry registry) {
        this.keys = keys;
        this.crossSite = crossSite;
        rates.put(Role.READ, readPerSecond);
        rates.put(Role.WRITE, writePerSecond);
        rates.put(Role.ADMIN, adminPerSecond);
        for (Role role : rates.keySet()) {
            limited.put(role, Counter.builder("brisk.http.rate.limited").tag("role", wire(role))
                    .description("Requests refused with 429 because their key (or address) was over its rate")
                    .register(registry));
        }
        unauthenticated = Counter.builder("brisk.http.refused").tag("status", "401")
                .description("Requests refused for a missing or invalid key, or a role too low").register(registry);
        forbidden = Counter.builder("brisk.http.refused").tag("status", "403")
                .description("Requests refused for a missing or invalid key, or a role too low").register(registry);
    }

    @Override
    public void check(Context ctx, Role required) {
        crossSite.check(ctx);
        if (required == Role.PUBLIC) {
            return;
        }
        String bucket;
        Role role;
        if (keys.anyConfigured()) {
            ApiKeys.Caller caller = authenticate(ctx, required);
            ctx.attribute(CALLER, caller);
            bucket = "key:" + caller.keyId();
            role = caller.role();
        } else {
            bucket = "ip:" + ctx.ip() + ":" + required;
            role = required;
        }
        long wait = limiter.acquire(bucket, rates.get(role));
        if (wait > 0) {
            limited.get(role).increment();
            throw new ApiException(429, "rate_limited", "Too many requests: the " + wire(role) + " role may make "
                    + rates.get(role) + " per second; retry after " + wait + " s",
                    Map.of("limit_per_second", rates.get(role), "role", wire(role))).retryAfter((int) Math.min(wait, 3600));
        }
    }

    private ApiKeys.Caller authenticate(Context ctx, Role required) {
        String secret = presented(ctx);
        if (secret == null) {
            unauthenticated.increment();
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", "This endpoint needs an API key: send it as"
                    + " 'Authorization: Bearer <key>' or 'X-API-Key: <key>'", Map.of());
        }
        ApiKeys.Caller caller = keys.resolve(secret).orElse(null);
        if (caller == null) {
            unauthenticated.increment();
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiException(401, "unauthorized", "The API key is not valid", Map.of());
        }
        if (!caller.role().allows(required)) {
            forbidden.increment();
            throw new ApiException(403, "forbidden", "This endpoint needs a key with the " + wire(required)
                    + " role; this key has the " + wire(caller.role()) + " role",
                    Map.of("required_role", wire(required), "key_role", wire(caller.role())));
        }
        return caller;
    }

    /** The key sent with a request, null when none: {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}. */
    static String presented(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        String header = ctx.header("X-API-Key");
        return header == null || header.isBlank() ? null : header.trim();
    }

    /** What this request's caller is: for {@code GET /access}, which needs no key. */
    public Map<String, Object> describe(Context ctx) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        boolean configured = keys.anyConfigured();
        m.put("keys_required", configured);
        String secret = presented(ctx);
        ApiKeys.Caller caller = secret == null ? null : keys.resolve(secret).orElse(null);
        m.put("authenticated", caller != null);
        m.put("role", caller != null ? wire(caller.role()) : configured ? null : "admin");
        m.put("key_id", caller != null ? caller.keyId() : null);
        m.put("key_name", caller != null ? caller.name() : null);
        return m;
    }

    static String wire(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
