package dev.brisk.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.brisk.server.ingest.QueueFullException;
import dev.brisk.server.recommend.ModelUnavailableException;
import dev.brisk.server.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become HTTP answers in the JSON error shape. */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    public static void install(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            answer(ctx, e.status(), e.code(), e.getMessage(), e.details());
        });
        app.exception(JsonProcessingException.class, (e, ctx) -> answer(ctx, 400, "malformed_json",
                "The body is not valid JSON: " + e.getOriginalMessage(), Map.of()));
        app.exception(QueueFullException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            answer(ctx, 503, "overloaded", e.getMessage(), Map.of());
        });
        app.exception(StoreException.class, (e, ctx) -> {
            // The driver's message may hold SQL and data: it goes to the log, never to the client.
            log.debug("{} {} failed in the database: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "5");
            answer(ctx, 503, "database_unavailable", "The database is unavailable; nothing of this request was"
                    + " stored, retry shortly", Map.of());
        });
        app.exception(ModelUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", "5");
            answer(ctx, 503, "model_unavailable", e.getMessage(), Map.of());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String code = switch (status) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "payload_too_large";
                default -> "http_" + status;
            };
            String message = switch (status) {
                case 404 -> "No such endpoint: " + ctx.method() + " " + ctx.path();
                case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path();
                case 413 -> "The body is over the limit of this endpoint";
                default -> e.getMessage();
            };
            answer(ctx, status, code, message, Map.of());
        });
        // Jetty's refusal of the request itself (a body slower than the minimum rate, a bad header):
        // the client's doing, answered with Jetty's status, not as a failure of ours.
        app.exception(org.eclipse.jetty.http.BadMessageException.class, (e, ctx) -> {
            int status = e.getCode();
            answer(ctx, status, status == 408 ? "request_timeout" : "bad_request", status == 408
                    ? "The request body was not received in time (it came slower than the minimum rate)"
                    : "The request could not be read: " + e.getReason(), Map.of());
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "internal_error", "An unexpected error occurred; it has been logged", Map.of());
        });
    }

    public static void answer(Context ctx, int status, String code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details);
        ctx.status(status).json(Map.of("error", error));
    }
}
