package dev.brisk.server.http;

import dev.brisk.server.store.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The HTTP server's own errors — a request it cannot parse (400), a URI or headers over the limit
 * (414, 431), a body that came too slowly (408) — in the API's JSON error shape instead of Jetty's
 * HTML page. They happen before any route runs, so {@link ErrorMapper} never sees them.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getOutputStream().write(body(code));
    }

    static byte[] body(int status) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", switch (status) {
            case 400 -> "bad_request";
            case 408 -> "request_timeout";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> "http_" + status;
        });
        error.put("message", switch (status) {
            case 400 -> "The request is not valid HTTP";
            case 408 -> "The request was not received in time";
            case 414 -> "The request's URI is over the server's limit";
            case 431 -> "The request's headers are over the server's limit";
            default -> "HTTP " + status + " " + HttpStatus.getMessage(status);
        });
        error.put("details", Map.of());
        return Json.write(Map.of("error", error)).getBytes(StandardCharsets.UTF_8);
    }
}
