package dev.brisk.bench.store;

import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.server.app.Brisk;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /users/{id}/activity} on PostgreSQL with a million stored events: generates the
 * events, COPYs them into a fresh schema's {@code user_events} (the activity query reads nothing
 * else), starts Brisk on that schema and times activity pages (limit=50) from several clients.
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.store.ActivityBenchmark [events] [clients] [seconds]</pre>
 */
public final class ActivityBenchmark {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String schema = "brisk_activity_" + System.currentTimeMillis();
        BriskConfig config = BriskConfig.defaults().with(env -> {
            env.put("BRISK_PORT", "0");
            env.put("BRISK_DASHBOARD_PORT", "0");
            env.put("BRISK_DB_URL", URL);
            env.put("BRISK_DB_USER", "postgres");
            env.put("BRISK_DB_SCHEMA", schema);
            env.put("BRISK_DEMO_DATA", "false");
            env.put("BRISK_TRAIN_AFTER_EVENTS", "100000000");
            env.put("BRISK_TRAIN_INTERVAL_SECONDS", "604800");
        });
        try {
            Database.open(config.database()).close(); // creates and migrates the schema
            DemoData data = new DemoDataGenerator().generate(
                    new DemoDataGenerator.Config(7, 20_000, 10_000, events, 90, System.currentTimeMillis()));
            long t0 = System.nanoTime();
            copy(schema, data.events());
            System.out.printf("COPY of %,d events: %.1f s%n", events, (System.nanoTime() - t0) / 1e9);
            try (Brisk brisk = Brisk.start(config)) {
                measure(brisk.port(), clients, seconds, 10_000);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void copy(String schema, List<Event> events) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            EventCopy.events(c, schema, events);
        }
    }

    private static void measure(int port, int clients, int seconds, int users) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            long[] samples = new long[2_000_000];
            perClient.add(samples);
            Thread thread = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    String user = "u" + (1 + ThreadLocalRandom.current().nextInt(users));
                    HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/users/" + user + "/activity?limit=50")).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("status " + r.statusCode());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    if (measuring.get() && n < samples.length - 1) {
                        samples[++n] = System.nanoTime() - start;
                        samples[0] = n;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(5_000); // warm-up
        measuring.set(true);
        Thread.sleep(seconds * 1_000L);
        measuring.set(false);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        List<Long> all = new ArrayList<>();
        for (long[] s : perClient) {
            for (int i = 1; i <= s[0]; i++) {
                all.add(s[i]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        System.out.printf("activity limit=50, %d clients, %d s: %,d requests, %.0f req/s, p50 %.3f ms, p99 %.3f ms%n",
                clients, seconds, sorted.length, sorted.length / (double) seconds,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }
}
