package dev.brisk.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.app.Brisk;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real Brisk for the dashboard's tests, started the one way tests start a service
 * ({@link TestService}, on the suite's database), with the dashboard on a free port too, and a
 * JSON client that also keeps the body's text.
 */
public final class LocalBrisk implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final TestService service;
    private final Brisk brisk;

    private LocalBrisk(TestService service) {
        this.service = service;
        this.brisk = service.brisk();
    }

    /** Starts Brisk with the demo data (500 users, 1,200 items, 50,000 events) or empty. */
    public static LocalBrisk start(Path folder, boolean demoData) {
        return start(folder, demoData, env -> { });
    }

    public static LocalBrisk start(Path folder, boolean demoData, Consumer<Map<String, String>> more) {
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("BRISK_DASHBOARD_PORT", "0");
        more.accept(settings);
        return new LocalBrisk(TestService.start(folder, demoData, settings));
    }

    public Brisk brisk() {
        return brisk;
    }

    public URI api() {
        return URI.create("http://127.0.0.1:" + brisk.port());
    }

    public URI dashboard() {
        return URI.create("http://127.0.0.1:" + brisk.dashboardPort() + "/");
    }

    /** A status and a parsed body (null when the body is not JSON). */
    public record Answer(int status, JsonNode body, String text) {
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(api().resolve(path)).GET());
    }

    public Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(api().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer getOn(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    /** GET that must answer 200; its JSON body. */
    public JsonNode json(String path) {
        Answer answer = get(path);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.text());
        }
        return answer.body();
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                body = null;
            }
            return new Answer(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition every 100 ms until it holds or the limit passes; true when it held. */
    public static boolean eventually(Duration limit, java.util.function.BooleanSupplier condition) {
        return HttpJson.eventually(limit.toMillis(), condition);
    }

    @Override
    public void close() {
        service.close();
    }
}
