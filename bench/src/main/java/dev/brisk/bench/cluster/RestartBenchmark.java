package dev.brisk.bench.cluster;

import dev.brisk.bench.store.EventCopy;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.server.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How fast an instance starts on a PostgreSQL database that holds many events and a stored model:
 * COPYs N generated events into a fresh schema, starts Brisk (a child JVM) once so that it trains
 * and stores every model, stops it, then starts it again and times: the start until {@code /ready}
 * answers 200 with every model ready (served from the model store), the first {@code /recommend},
 * and — in the background, while serving — the trainer's one full read of the events; and the
 * server's resident memory after each start and again after a minute idle. Arguments: events,
 * users, items, then the server's JVM options (default {@code -Xmx6g}).
 * <pre>java -Xmx8g -cp bench/target/brisk-bench.jar dev.brisk.bench.cluster.RestartBenchmark 10000000 100000 50000</pre>
 */
public final class RestartBenchmark {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : Math.max(1_000, events / 100);
        int items = args.length > 2 ? Integer.parseInt(args[2]) : Math.max(1_000, events / 200);
        List<String> jvm = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("-Xmx6g");
        String schema = "brisk_restart_" + System.currentTimeMillis();
        Path logs = Files.createDirectories(Path.of("target", schema));
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_DB_URL", URL);
        env.put("BRISK_DB_USER", "postgres");
        env.put("BRISK_DB_SCHEMA", schema);
        env.put("BRISK_DEMO_DATA", "false");
        env.put("BRISK_HOST", "127.0.0.1");
        env.put("BRISK_PORT", "18650");
        env.put("BRISK_DASHBOARD_PORT", "18652");
        env.put("BRISK_VALIDATION_USERS", "0");
        try {
            Database.open(new Database.Settings(URL, "postgres", "", schema, 2)).close(); // creates the schema
            long t0 = System.nanoTime();
            DemoData data = new DemoDataGenerator().generate(
                    new DemoDataGenerator.Config(7, items, users, events, 90, System.currentTimeMillis()));
            copy(schema, data);
            System.out.printf("generated and COPYed %,d events (%,d users, %,d items): %.0f s%n", events, users, items,
                    (System.nanoTime() - t0) / 1e9);

            Process first = start(env, jvm, logs.resolve("first.log"));
            long started = System.nanoTime();
            waitFor("/models", RestartBenchmark::everyModelTrained, Duration.ofMinutes(60));
            System.out.printf("first start: read, trained and stored every model in %.0f s%n",
                    (System.nanoTime() - started) / 1e9);
            System.out.printf("first start: resident memory when trained %s; %d s later, idle, %s%n",
                    mib(first.pid()), SETTLE_SECONDS, settled(first.pid()));
            stop(first);

            long restart = System.nanoTime();
            Process second = start(env, jvm, logs.resolve("second.log"));
            waitFor("/ready", body -> body.contains("\"status\":\"up\""), Duration.ofMinutes(10));
            double ready = (System.nanoTime() - restart) / 1e9;
            String first200 = waitFor("/recommend?user_id=u1&n=10", body -> body.contains("\"items\""), Duration.ofMinutes(1));
            double recommend = (System.nanoTime() - restart) / 1e9;
            waitFor("/models", body -> body.contains("\"loaded\":true"), Duration.ofMinutes(30));
            double loaded = (System.nanoTime() - restart) / 1e9;
            System.out.printf("restart: resident memory with the events read %s; %d s later, idle, %s%n",
                    mib(second.pid()), SETTLE_SECONDS, settled(second.pid()));
            String models = get("/models");
            System.out.printf("restart: /ready up (every model ready, from the model store) after %.1f s;"
                    + " first /recommend after %.1f s (%s); the trainer's full read of the events done after %.1f s%n",
                    ready, recommend, first200.contains("\"model\":\"hybrid\"") ? "hybrid" : "not hybrid", loaded);
            System.out.println("last_run on restart (empty = no training at start): "
                    + (models.contains("\"last_run\":{}") ? "{}" : "a run happened"));
            System.out.println("snapshot bytes: " + snapshotBytes(schema));
            stop(second);
        } finally {
            try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** Every model ready, and the last run was a full one (the hybrid and its parts), stored in the model store. */
    private static boolean everyModelTrained(String body) {
        if (body.isEmpty()) {
            return false;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode models = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            for (com.fasterxml.jackson.databind.JsonNode m : models.path("models")) {
                if (!"ready".equals(m.path("state").asText())) {
                    return false;
                }
            }
            com.fasterxml.jackson.databind.JsonNode run = models.path("last_run");
            return run.path("snapshot_id").asLong() > 0 && run.path("types").toString().contains("hybrid");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Long enough for a periodic collection (./brisk asks G1 for one after 60 s) to give memory back. */
    private static final int SETTLE_SECONDS = 75;

    private static String mib(long pid) {
        return dev.brisk.bench.http.ServerMemory.residentBytes(pid) / (1024 * 1024) + " MiB";
    }

    private static String settled(long pid) throws InterruptedException {
        Thread.sleep(SETTLE_SECONDS * 1000L);
        return mib(pid);
    }

    private static Process start(Map<String, String> env, List<String> jvm, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.brisk.server.cli.BriskCommand", "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BRISK_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static String get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18650" + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception notYet) {
            return "";
        }
    }

    private static String waitFor(String path, Predicate<String> done, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String body = get(path);
            if (done.test(body)) {
                return body;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(path + " did not get there within " + limit);
    }

    private static long snapshotBytes(String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(MAX(size_bytes), 0) FROM " + schema
                     + ".model_snapshots")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void copy(String schema, DemoData data) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            EventCopy.events(c, schema, data.events());
            EventCopy.items(c, schema, data.items());
        }
    }
}
