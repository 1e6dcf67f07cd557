package dev.brisk.server.security;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;

/**
 * What browsers are told: CORS for the origins of {@code BRISK_CORS_ORIGINS} (none by default:
 * then no other site may read the API's answers), with answers to their preflight requests, and
 * the security headers of every answer — a Content-Security-Policy without inline scripts that
 * also forbids framing, {@code nosniff} and a referrer policy — which cover the dashboard and
 * the API's documentation.
 */
public final class BrowserRules {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static final String ALLOWED_HEADERS = "Authorization, X-API-Key, Content-Type, Content-Encoding";
    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";

    private final CrossSiteGuard origins;

    public BrowserRules(CrossSiteGuard origins) {
        this.origins = origins;
    }

    public void register(Javalin app) {
        app.before(this::apply);
    }

    private void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        String origin = ctx.header("Origin");
        boolean preflight = ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null;
        if (origin == null || !origins.allows(origin)) {
            if (preflight) {
                // No Access-Control-Allow-* headers: the browser will not send the real request.
                dev.brisk.server.http.ErrorMapper.answer(ctx, 403, "cors_origin_not_allowed", "The origin "
                        + (origin == null ? "(none)" : origin) + " may not call this API; allow it with BRISK_CORS_ORIGINS",
                        Map.of());
                ctx.skipRemainingHandlers();
            }
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Expose-Headers", "Retry-After, WWW-Authenticate");
        if (preflight) {
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }
}
