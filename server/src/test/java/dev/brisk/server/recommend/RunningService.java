package dev.brisk.server.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brisk.server.TestService;
import dev.brisk.server.app.Brisk;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The real service with the demo data for the model tests, started the one way tests start a
 * service ({@link TestService}, on the suite's database), and a small JSON client for it.
 */
final class RunningService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final TestService service;
    private final Brisk brisk;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One HTTP answer: the status and the JSON body. */
    record Answer(int status, JsonNode body) {
    }

    RunningService(Map<String, String> settings) throws IOException {
        dir = Files.createTempDirectory("brisk-models-test");
        service = TestService.start(dir, true, settings);
        brisk = service.brisk();
    }

    /** Waits (polling, up to a generous bound) until every model has finished its first training. */
    void awaitModelsReady() {
        eventually(180_000, () -> {
            JsonNode models = get("/models").body().path("models");
            for (JsonNode m : models) {
                if (!"ready".equals(m.path("state").asText()) || m.path("queued").asBoolean()) {
                    return false;
                }
            }
            return models.size() > 0;
        });
    }

    /** The routes the service registered, as "METHOD /path". */
    java.util.Set<String> routes() {
        java.util.Set<String> out = new java.util.HashSet<>();
        brisk.routes().forEach(r -> out.add(r.method() + " " + r.path()));
        return out;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer post(String path, String json) {
        return post(path, json, "application/json");
    }

    Answer post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + brisk.port() + path);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text.isEmpty() ? JSON.nullNode() : JSON.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds; fails when it has not within the bound (a safety net, not a speed check). */
    static void eventually(long boundMillis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + boundMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + boundMillis + " ms");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
