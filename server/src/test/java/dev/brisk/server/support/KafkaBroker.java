package dev.brisk.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node Kafka broker (KRaft) of the test's own, run by {@code scripts/kafka-dev} on
 * free ports with its data in a folder of the test; it can be killed and started again on the
 * same port and data, as a broker restart.
 */
public final class KafkaBroker implements AutoCloseable {
    /** The first start may resolve the broker's artifacts with Maven before the broker boots. */
    private static final long START_TIMEOUT_MILLIS = 240_000;

    private final int port = twoFreePorts();
    private final Path dir;
    private Process process;

    public KafkaBroker(Path dir) {
        this.dir = dir;
        start();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Settings of a service using this broker, with a topic and group of its own (one per test). */
    public java.util.Map<String, String> settings(String topic) {
        return java.util.Map.of("BRISK_KAFKA_BOOTSTRAP", bootstrap(), "BRISK_KAFKA_TOPIC", topic,
                "BRISK_KAFKA_GROUP", topic + "-group", "BRISK_KAFKA_PARTITIONS", "4");
    }

    /** A topic name nobody used yet. */
    public static String freshTopic(String purpose) {
        return "test." + purpose + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    public void start() {
        try {
            process = new ProcessBuilder(script().toString(), Integer.toString(port), dir.resolve("data").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!HttpJson.eventually(START_TIMEOUT_MILLIS, () -> process.isAlive() && answers())) {
            process.destroyForcibly();
            throw new IllegalStateException("The Kafka broker did not start on port " + port + "; see "
                    + dir.resolve("kafka.log"));
        }
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean answers() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(p)) {
            admin.listTopics().names().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    /** {@code scripts/kafka-dev} of this checkout, found upward from the working directory. */
    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("scripts").resolve("kafka-dev");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/kafka-dev not found above " + Path.of("").toAbsolutePath());
    }

    /** A port whose successor is free too: the broker listens on the first, its controller on the second. */
    private static int twoFreePorts() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = FreePort.find();
            try (ServerSocket next = new ServerSocket(first + 1)) {
                return first;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No two adjacent free ports found");
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }
}
