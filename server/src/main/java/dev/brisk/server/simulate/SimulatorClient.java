package dev.brisk.server.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The simulated users' HTTP calls: each is timed and counted under its endpoint, and a failure
 * becomes an error kind — {@code http_503_overloaded} (status and the API's error code),
 * {@code timeout}, {@code connection_refused} or {@code io_error} — instead of an exception.
 */
final class SimulatorClient {
    static final String EVENTS = "POST /events";
    static final String RECOMMEND = "GET /recommend";
    static final String POPULAR = "GET /popular";

    private final HttpClient http;
    private final URI target;
    private final Duration timeout;
    private final SimulationStats stats;

    private final String apiKey;

    SimulatorClient(HttpClient http, URI target, Duration timeout, SimulationStats stats, String apiKey) {
        this.apiKey = apiKey;
        this.http = http;
        this.target = target;
        this.timeout = timeout;
        this.stats = stats;
    }

    /** The body of a successful answer; empty when the call failed (and was counted as an error). */
    Optional<JsonNode> get(String endpoint, String pathAndQuery) {
        return send(endpoint, HttpRequest.newBuilder(target.resolve(pathAndQuery)).GET());
    }

    Optional<JsonNode> postJson(String endpoint, String path, Object body) {
        return send(endpoint, HttpRequest.newBuilder(target.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    private Optional<JsonNode> send(String endpoint, HttpRequest.Builder request) {
        SimulationStats.EndpointStats counts = stats.endpoint(endpoint);
        long started = System.nanoTime();
        try {
            if (!apiKey.isEmpty()) {
                request.header("Authorization", "Bearer " + apiKey);
            }
            HttpResponse<byte[]> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - started;
            JsonNode body = parse(response.body());
            if (response.statusCode() / 100 == 2) {
                counts.succeeded(took);
                return Optional.of(body == null ? Json.MAPPER.nullNode() : body);
            }
            counts.failed(httpKind(response.statusCode(), body), took);
            return Optional.empty();
        } catch (HttpTimeoutException e) {
            counts.failed("timeout", -1);
        } catch (ConnectException e) {
            counts.failed("connection_refused", -1);
        } catch (IOException e) {
            counts.failed("io_error", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counts.failed("interrupted", -1);
        }
        return Optional.empty();
    }

    private static String httpKind(int status, JsonNode body) {
        String code = body == null ? "" : body.path("error").path("code").asText("");
        return "http_" + status + (code.matches("[a-z0-9_]{1,40}") ? "_" + code : "");
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }
}
