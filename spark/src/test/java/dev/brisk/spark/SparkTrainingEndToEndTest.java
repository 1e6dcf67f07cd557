package dev.brisk.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running Brisk instance (the service's jar, as a process of its own: its HTTP and JSON libraries
 * must not meet Spark's) serves the ALS and item-kNN versions a Spark job stored, and says Spark trained them.
 * The service's jar is built before this module by the reactor ({@code mvn verify}).
 */
class SparkTrainingEndToEndTest {
    private static final String ADMIN_KEY = "spark-end-to-end-admin-key-0123456789";
    private static final Path SERVICE_JAR = Path.of("../server/target/brisk.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunningInstanceServesTheSparkTrainedVersionAfterTheJobEnds(@TempDir Path dir) throws Exception {
        assertThat(SERVICE_JAR).as("the service's jar (mvn -pl server -am package builds it)").isRegularFile();
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_DB_URL", "jdbc:sqlite:" + dir.resolve("brisk.db"));
        env.put("BRISK_PORT", Integer.toString(freePort()));
        env.put("BRISK_DASHBOARD_PORT", Integer.toString(freePort()));
        env.put("BRISK_ADMIN_KEY", ADMIN_KEY);
        env.put("BRISK_DEMO_DATA", "true");
        env.put("BRISK_TRAIN_INTERVAL_SECONDS", "3600");
        env.put("BRISK_TRAIN_THREADS", "1");
        env.put("BRISK_CHANGE_FEED_MS", "200");
        env.put("BRISK_ALS_ITERATIONS", "5");
        env.put("BRISK_ALS_FACTORS", "16");
        String base = "http://127.0.0.1:" + env.get("BRISK_PORT");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", SERVICE_JAR.toString(), "serve");
        pb.environment().keySet().removeIf(name -> name.startsWith("BRISK_"));
        pb.environment().putAll(env);
        Path log = dir.resolve("service.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process service = pb.start();
        try {
            JsonNode before = waitFor(base, als -> als.path("state").asText().equals("ready"), service, log);
            assertThat(before.path("engine").asText()).isEqualTo("brisk");

            TrainJob job = new TrainJob();
            job.models = java.util.List.of("als", "item_knn");
            long snapshot = job.train(TestSpark.session(), env);
            assertThat(snapshot).as("the job stored its models").isPositive();

            JsonNode served = waitFor(base, als -> als.path("engine").asText().equals("spark"), service, log);
            assertThat(served.path("version").asText()).isNotEqualTo(before.path("version").asText());
            assertThat(served.path("parameters").path("engine").asText()).isEqualTo("spark");
            assertThat(served.path("parameters").path("factors").asInt()).isEqualTo(16);
            JsonNode list = get(base + "/recommend?user_id=u0001&model=als&n=5");
            assertThat(list.toString()).contains("als");
            JsonNode knn = model(base, "item_knn");
            assertThat(knn.path("engine").asText()).as("item_knn from the same snapshot: %s", knn).isEqualTo("spark");
            assertThat(knn.path("trained_automatically").asBoolean()).isFalse();
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    /** The als entry of GET /models once it passes {@code test} (within two minutes). */
    private static JsonNode waitFor(String base, Predicate<JsonNode> test, Process service, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!service.isAlive()) {
                throw new AssertionError("the service stopped:\n" + Files.readString(log));
            }
            try {
                for (JsonNode model : get(base + "/models").path("models")) {
                    if (model.path("type").asText().equals("als") && test.test(model)) {
                        return model;
                    }
                }
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET /models never showed the expected als entry; the service's log:\n"
                + Files.readString(log));
    }

    private static JsonNode model(String base, String type) throws Exception {
        for (JsonNode model : get(base + "/models").path("models")) {
            if (model.path("type").asText().equals(type)) {
                return model;
            }
        }
        throw new AssertionError("no " + type + " in GET /models");
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", ADMIN_KEY)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
