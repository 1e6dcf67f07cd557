package dev.brisk.server.security;

import dev.brisk.server.http.ApiException;
import dev.brisk.server.http.Bodies;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps other web sites from changing state through an operator's browser (CSRF). A browser sends
 * a form post or a {@code text/plain} body across sites without asking first, so a request that
 * changes state ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}):
 * <ul>
 * <li>with a body or a {@code Content-Type} must carry {@code application/json} (on
 * {@code /events} also {@code application/x-ndjson}): anything else is 415;</li>
 * <li>that a browser marks as coming from another site ({@code Origin} other than the API's own
 * and not in {@code BRISK_CORS_ORIGINS}, or {@code Sec-Fetch-Site: cross-site}) is 403. This
 * covers the bodyless POSTs of the replaced API, which have no content type to check.</li>
 * </ul>
 */
public final class CrossSiteGuard {
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> NDJSON = Set.of("application/x-ndjson", "application/jsonl");

    private final List<String> allowedOrigins;

    public CrossSiteGuard(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    public void check(Context ctx) {
        if (!CHANGING.contains(ctx.method().name())) {
            return;
        }
        String origin = ctx.header("Origin");
        String site = ctx.header("Sec-Fetch-Site");
        boolean allowedOrigin = origin != null && (allowedOrigins.contains(origin) || sameOrigin(origin, ctx.host()));
        if ((origin != null && !allowedOrigin) || ("cross-site".equals(site) && !allowedOrigin)) {
            throw new ApiException(403, "cross_site_request", "Requests that change state are not accepted from"
                    + " another web site" + (origin == null ? "" : " (" + origin + ")") + "; allow an origin with"
                    + " BRISK_CORS_ORIGINS", Map.of());
        }
        String mime = Bodies.mime(ctx.header("Content-Type"));
        if (mime.isEmpty() && !hasBody(ctx)) {
            return;
        }
        if (!mime.equals("application/json") && !(NDJSON.contains(mime) && ctx.path().equals("/events"))) {
            throw new ApiException(415, "unsupported_media_type", "Send application/json"
                    + (ctx.path().equals("/events") ? " or application/x-ndjson" : "") + ", not "
                    + (mime.isEmpty() ? "a body without Content-Type" : mime), Map.of());
        }
    }

    /** Whether a CORS origin may call the API from a browser. */
    public boolean allows(String origin) {
        return allowedOrigins.contains(origin);
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        String o = origin.toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h)
                || (h.endsWith(":80") && o.equals("http://" + h.substring(0, h.length() - 3)))
                || (h.endsWith(":443") && o.equals("https://" + h.substring(0, h.length() - 4)));
    }

    private static boolean hasBody(Context ctx) {
        String length = ctx.header("Content-Length");
        return ctx.header("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }
}
