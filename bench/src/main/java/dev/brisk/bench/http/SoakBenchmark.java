package dev.brisk.bench.http;

import dev.brisk.server.store.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Whether Brisk's memory and disk stay bounded over time. The server is {@code brisk serve} started
 * through the checkout's {@code brisk} script (the production jar, the script's heap cap and
 * collector), in a process of its own, so that the resident memory measured is the server's alone.
 * <ul>
 * <li>{@code --mode soak} (default): N minutes of steady mixed traffic ({@link MixedLoad}) on the demo
 * data, training at its defaults; every minute one row: resident memory, heap, database size, and per
 * endpoint the requests, errors and client-side p50/p99 of that minute. At the end, the trend of each
 * figure over the second half as a slope per 10 minutes, so that "plateau or growth" is a number.</li>
 * <li>{@code --mode memory}: for each size, a fresh database filled by {@code brisk generate} and
 * {@code brisk import}, a fresh server, its memory once every model is trained; on one size also after
 * minutes of mixed load.</li>
 * </ul>
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.http.SoakBenchmark --minutes 30 --json target/soak.json</pre>
 */
@Command(name = "soak-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Watches a Brisk server's memory, disk and latency over a long mixed load (or after loading data).")
public final class SoakBenchmark implements Callable<Integer> {
    private static final double MIB = 1024.0 * 1024.0;
    private boolean memoryHeaderPrinted;

    @Option(names = "--mode", defaultValue = "soak", description = "soak or memory. Default: ${DEFAULT-VALUE}")
    String mode;

    @Option(names = "--backend", defaultValue = "sqlite-memory",
            description = "sqlite-memory (a fresh SQLite file and the memory cache) or postgres-redis. Default: ${DEFAULT-VALUE}")
    String backend;

    @Option(names = "--minutes", defaultValue = "30", description = "soak: minutes of mixed load. Default: ${DEFAULT-VALUE}")
    int minutes;

    @Option(names = "--rate", defaultValue = "200", description = "Requests per second of the mixed load, in all. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--clients", defaultValue = "8", description = "Clients sharing that rate. Default: ${DEFAULT-VALUE}")
    int clients;

    @Option(names = "--batch-size", defaultValue = "10", description = "Events per batch request. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--growth-limit-percent", defaultValue = "5",
            description = "soak: a memory figure whose second-half slope exceeds this share of its mean per 10 minutes is"
                    + " called growth. Default: ${DEFAULT-VALUE}")
    double growthLimitPercent;

    @Option(names = "--sizes", split = ",", defaultValue = "100000,1000000,10000000",
            description = "memory: interactions to load, one fresh server each. Default: ${DEFAULT-VALUE}")
    List<Integer> sizes;

    @Option(names = "--load-on", defaultValue = "1000000", description = "memory: the size that also gets the mixed load. Default: ${DEFAULT-VALUE}")
    int loadOn;

    @Option(names = "--load-minutes", defaultValue = "10", description = "memory: minutes of that load. Default: ${DEFAULT-VALUE}")
    int loadMinutes;

    @Option(names = "--settle-seconds", defaultValue = "30",
            description = "memory: wait after every model is trained before measuring. Default: ${DEFAULT-VALUE}")
    int settleSeconds;

    @Option(names = "--loader-heap", defaultValue = "8g",
            description = "memory: BRISK_HEAP of the generate and import processes (not of the server). Default: ${DEFAULT-VALUE}")
    String loaderHeap;

    @Option(names = "--brisk", defaultValue = "./brisk", description = "The brisk script that starts the server. Default: ${DEFAULT-VALUE}")
    Path script;

    @Option(names = "--json", defaultValue = "target/soak.json", description = "Where to write the figures. Default: ${DEFAULT-VALUE}")
    Path json;

    @Option(names = "--db-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test", description = "postgres-redis: the database. Default: ${DEFAULT-VALUE}")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "", description = "postgres-redis: the database user")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "postgres-redis: the database password")
    String dbPassword;

    @Option(names = "--redis-url", defaultValue = "redis://127.0.0.1:6379", description = "postgres-redis: Redis. Default: ${DEFAULT-VALUE}")
    String redisUrl;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Backend chosen = Backend.of(backend);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", runInfo());
        Path logs = json.toAbsolutePath().getParent();
        Files.createDirectories(logs);
        if (mode.equals("soak")) {
            soak(chosen, doc, logs.resolve(stem() + "-server.log"));
        } else if (mode.equals("memory")) {
            memory(chosen, doc, logs);
        } else {
            System.err.println("--mode must be soak or memory, not '" + mode + "'");
            return 2;
        }
        Files.write(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(finite(doc)));
        System.out.println("\nFigures written to " + json);
        return 0;
    }

    private void soak(Backend chosen, Map<String, Object> doc, Path log) throws Exception {
        try (Run run = new Run(chosen, Map.of(), log)) {
            doc.put("server_jvm_options", run.memory.jvmOptions());
            System.out.println("Soak: " + minutes + " min of mixed load at " + rate + " requests/s on " + chosen.option()
                    + "; server JVM options: " + String.join(" ", run.memory.jvmOptions()));
            List<Map<String, Object>> rows = run.load(minutes, Workloads.DEMO_USERS, Workloads.DEMO_ITEMS);
            doc.put("minutes", rows);
            doc.put("clicks", run.attribution(rows));
            doc.put("verdicts", verdicts(rows));
        }
    }

    private void memory(Backend chosen, Map<String, Object> doc, Path logs) throws Exception {
        List<Map<String, Object>> figures = new ArrayList<>();
        doc.put("memory", figures);
        for (int size : sizes) {
            GeneratedData data = GeneratedData.of(size);
            Path log = logs.resolve(stem() + "-" + size + "-server.log");
            Map<String, String> extra = Map.of("BRISK_DEMO_DATA", "false");
            try (Run run = new Run(chosen, extra, log, data, loaderHeap, logs.resolve(stem() + "-" + size + "-load.log"))) {
                run.awaitModelsTrained();
                Thread.sleep(settleSeconds * 1000L);
                figures.add(memoryRow(size, "after loading", run));
                if (size == loadOn) {
                    List<Map<String, Object>> rows = run.load(loadMinutes, data.users(), data.items());
                    memoryHeaderPrinted = false; // the minutes' table came between
                    Map<String, Object> after = memoryRow(size, "after " + loadMinutes + " min mixed load", run);
                    after.put("minutes", rows);
                    figures.add(after);
                }
            } catch (IOException | RuntimeException e) {
                // a size the server cannot take (e.g. out of memory while training) is a figure too
                System.out.printf(Locale.ROOT, "%-10d FAILED: %s (see %s)%n", size, e, log);
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("events", size);
                failed.put("error", e.toString());
                figures.add(failed);
            }
        }
    }

    private Map<String, Object> memoryRow(int size, String when, Run run) throws IOException {
        ServerMemory.Figures f = run.memory.read();
        long live = run.memory.liveHeapAfterFullGc(); // last: it collects
        if (!memoryHeaderPrinted) {
            System.out.printf(Locale.ROOT, "%-10s %-26s %8s %9s %9s %9s %9s %8s %9s%n", "events", "when", "rss",
                    "heap-used", "heap-gc", "heap-com", "non-heap", "xmx", "live-heap");
            memoryHeaderPrinted = true;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("events", size);
        row.put("when", when);
        row.put("rss_mib", mib(f.rss()));
        row.put("heap_used_mib", mib(f.heapUsed()));
        row.put("heap_after_last_gc_mib", mib(f.heapAfterLastGc()));
        row.put("heap_committed_mib", mib(f.heapCommitted()));
        row.put("non_heap_used_mib", mib(f.nonHeapUsed()));
        row.put("xmx_mib", mib(f.heapMax()));
        row.put("live_heap_after_full_gc_mib", mib(live));
        row.put("database_mib", mib(run.databaseBytes()));
        row.put("server_jvm_options", run.memory.jvmOptions());
        System.out.printf(Locale.ROOT, "%-10d %-26s %8.0f %9.0f %9.0f %9.0f %9.0f %8.0f %9.0f%n", size, when, mib(f.rss()),
                mib(f.heapUsed()), mib(f.heapAfterLastGc()), mib(f.heapCommitted()), mib(f.nonHeapUsed()),
                mib(f.heapMax()), mib(live));
        return row;
    }

    /** A server on a fresh database, the handle on its memory, and the way to load it minute by minute. */
    private final class Run implements AutoCloseable {
        private final Backend chosen;
        private final Backend.Connections connections;
        private final Path dataDir;
        private final ServerUnderTest server;
        private final ServerMemory memory;
        private final String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));

        Run(Backend chosen, Map<String, String> extra, Path log) throws Exception {
            this(chosen, extra, log, null, null, null);
        }

        Run(Backend chosen, Map<String, String> extra, Path log, GeneratedData data, String loaderHeap, Path loadLog)
                throws Exception {
            this.chosen = chosen;
            connections = new Backend.Connections(dbUrl, Backend.Connections.freshSchema(), dbUser, dbPassword, redisUrl);
            dataDir = Files.createTempDirectory("brisk-soak-");
            Map<String, String> env = chosen.environment(dataDir, connections);
            env.put("BRISK_DASHBOARD_PORT", Integer.toString(ServerUnderTest.freePort()));
            env.putAll(extra);
            ServerUnderTest started = null;
            ServerMemory attached = null;
            try {
                if (data != null) {
                    long t0 = System.nanoTime();
                    data.load(script, env, loaderHeap, dataDir, loadLog);
                    System.out.printf(Locale.ROOT, "%-10d generated and imported in %.0f s (%d users, %d items)%n",
                            data.events(), (System.nanoTime() - t0) / 1e9, data.users(), data.items());
                }
                started = ServerUnderTest.script(script, env, ServerUnderTest.freePort(), log);
                try (HttpConnection control = new HttpConnection("127.0.0.1", started.port())) {
                    chosen.verify(control);
                }
                attached = ServerMemory.attach(started.pid());
            } catch (Exception e) {
                if (started != null) {
                    started.close();
                }
                cleanUp();
                throw e;
            }
            server = started;
            memory = attached;
        }

        long databaseBytes() {
            return chosen.databaseBytes(dataDir, connections);
        }

        /** Runs the mixed load for {@code minutes}, printing and returning one row a minute. */
        List<Map<String, Object>> load(int minutes, int users, int items) throws Exception {
            MixedLoad load = new MixedLoad(server.port(), clients, rate, batchSize, users, items, runId);
            List<Map<String, Object>> rows = new ArrayList<>();
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%4s %7s %7s %7s %7s",
                    "min", "rss", "heap-gc", "heap-co", "db"));
            for (MixedLoad.Endpoint e : MixedLoad.Endpoint.values()) {
                header.append(String.format(Locale.ROOT, " | %-9s %4s %7s %7s", e.label, "err", "p50", "p99"));
            }
            System.out.println(header);
            long start = System.nanoTime();
            load.start();
            try {
                for (int m = 0; m < minutes; m++) {
                    long due = start + (m + 1) * 60_000_000_000L;
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000) + 500);
                    rows.add(row(m, load.minute(m)));
                }
            } finally {
                load.stop();
            }
            System.out.println("MiB: rss = VmRSS of the server process; heap-gc = heap in use right after its most recent"
                    + " collection; heap-co = heap committed; db = database on disk. Latencies: client-side ms.");
            return rows;
        }

        private Map<String, Object> row(int minute, Map<MixedLoad.Endpoint, MixedLoad.Bucket> buckets) throws IOException {
            ServerMemory.Figures f = memory.read();
            long db = databaseBytes();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("minute", minute + 1);
            row.put("rss_mib", mib(f.rss()));
            row.put("heap_after_last_gc_mib", mib(f.heapAfterLastGc()));
            row.put("heap_used_mib", mib(f.heapUsed()));
            row.put("heap_committed_mib", mib(f.heapCommitted()));
            row.put("non_heap_used_mib", mib(f.nonHeapUsed()));
            row.put("database_mib", mib(db));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4d %7.0f %7.0f %7.0f %7.1f", minute + 1,
                    mib(f.rss()), mib(f.heapAfterLastGc()), mib(f.heapCommitted()), mib(db)));
            Map<String, Object> endpoints = new LinkedHashMap<>();
            for (MixedLoad.Endpoint e : MixedLoad.Endpoint.values()) {
                MixedLoad.Bucket bucket = buckets.get(e);
                Map<String, Object> figures = bucket == null ? new MixedLoad.Bucket().figures() : bucket.figures();
                endpoints.put(e.label, figures);
                line.append(String.format(Locale.ROOT, " | %9s %4s %7s %7s", figures.get("requests"), figures.get("errors"),
                        ms(figures.get("p50_ms")), ms(figures.get("p99_ms"))));
            }
            row.put("endpoints", endpoints);
            System.out.println(line);
            return row;
        }

        /**
         * The clicks sent with a served list's id beside the server's count of stored clicks naming a
         * list that did not hold their item: every click of the mix names an item of its list, so any
         * count there means attribution lost track.
         */
        Map<String, Object> attribution(List<Map<String, Object>> rows) throws IOException {
            long sent = 0;
            for (Map<String, Object> row : rows) {
                Map<?, ?> click = (Map<?, ?>) ((Map<?, ?>) row.get("endpoints")).get(MixedLoad.Endpoint.CLICK.label);
                sent += ((Number) click.get("requests")).longValue() - ((Number) click.get("errors")).longValue();
            }
            long unattributed;
            try (HttpConnection control = new HttpConnection("127.0.0.1", server.port())) {
                var realtime = Json.MAPPER.readTree(control.get("/metrics/realtime").body());
                var found = realtime.findValue("unattributed_clicks");
                unattributed = found == null ? -1 : found.asLong();
            }
            System.out.println("Clicks: " + sent + " acknowledged, each naming an item of a list it was served; the server"
                    + " counted " + unattributed + " clicks naming a list that did not hold their item");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("acknowledged", sent);
            out.put("server_unattributed_clicks", unattributed);
            return out;
        }

        void awaitModelsTrained() throws Exception {
            long deadline = System.nanoTime() + 120 * 60_000_000_000L;
            try (HttpConnection control = new HttpConnection("127.0.0.1", server.port())) {
                while (System.nanoTime() < deadline) {
                    HttpConnection.Response r = control.get("/models");
                    if (r.status() == 200 && everyModelReady(r.body())) {
                        return;
                    }
                    Thread.sleep(1000);
                }
            }
            throw new IllegalStateException("The models were not all trained within 2 hours");
        }

        @Override
        public void close() {
            memory.close();
            server.close();
            cleanUp();
        }

        private void cleanUp() {
            chosen.cleanUp(connections);
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("Could not delete " + dataDir + ": " + e.getMessage());
            }
        }
    }

    private static boolean everyModelReady(byte[] body) throws IOException {
        var models = Json.MAPPER.readTree(body).path("models");
        if (models.isEmpty()) {
            return false;
        }
        for (var m : models) {
            if ("failed".equals(m.path("state").asText())) {
                throw new IllegalStateException("Training failed: " + m);
            }
            if (!"ready".equals(m.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The slope of each figure over the second half of the minutes, per 10 minutes, and what it means. */
    private Map<String, Object> verdicts(List<Map<String, Object>> rows) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> half = rows.subList(rows.size() / 2, rows.size());
        System.out.println();
        System.out.println("Trend over the second half (minutes " + (rows.size() / 2 + 1) + "-" + rows.size()
                + "), least-squares slope per 10 minutes:");
        for (String figure : List.of("rss_mib", "heap_after_last_gc_mib", "heap_committed_mib", "database_mib")) {
            double[] slopeAndMean = slope(half, figure);
            Map<String, Object> v = new LinkedHashMap<>();
            String verdict;
            if (Double.isNaN(slopeAndMean[0])) {
                verdict = "not enough minutes (needs 2 in the second half)";
            } else {
                double percent = 100 * slopeAndMean[0] / slopeAndMean[1];
                v.put("slope_mib_per_10_min", slopeAndMean[0]);
                v.put("mean_mib", slopeAndMean[1]);
                v.put("slope_percent_of_mean_per_10_min", percent);
                verdict = figure.equals("database_mib") ? "grows with the data kept (events and retained logs)"
                        : percent > growthLimitPercent ? "GROWTH (over " + growthLimitPercent + "% of the mean per 10 min)"
                        : "plateau (within " + growthLimitPercent + "% of the mean per 10 min)";
                System.out.printf(Locale.ROOT, "  %-24s %+8.1f MiB / 10 min (%+.1f%% of its mean %.0f MiB): %s%n", figure,
                        slopeAndMean[0], percent, slopeAndMean[1], verdict);
            }
            if (Double.isNaN(slopeAndMean[0])) {
                System.out.printf(Locale.ROOT, "  %-24s %s%n", figure, verdict);
            }
            v.put("verdict", verdict);
            out.put(figure, v);
        }
        return out;
    }

    /** Least-squares slope of {@code figure} against the minute, times 10, and its mean; NaN slope below 2 rows. */
    static double[] slope(List<Map<String, Object>> rows, String figure) {
        int n = rows.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Map<String, Object> row : rows) {
            double x = ((Number) row.get("minute")).doubleValue();
            double y = ((Number) row.get(figure)).doubleValue();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double mean = n == 0 ? Double.NaN : sy / n;
        double denominator = n * sxx - sx * sx;
        return new double[] {n < 2 || denominator == 0 ? Double.NaN : 10 * (n * sxy - sx * sy) / denominator, mean};
    }

    private Map<String, Object> runInfo() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        run.put("mode", mode);
        run.put("backend", backend);
        run.put("cores", Runtime.getRuntime().availableProcessors());
        run.put("load_average_before", String.format(Locale.ROOT, "%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        run.put("rate_requests_per_second", rate);
        run.put("clients", clients);
        run.put("batch_size", batchSize);
        Map<String, Object> mix = new LinkedHashMap<>();
        for (MixedLoad.Endpoint e : MixedLoad.Endpoint.values()) {
            mix.put(e.label, e.share + "%: " + e.what);
        }
        run.put("mix", mix);
        return run;
    }

    /** The document with NaN (not known, e.g. no collection yet) as null, so that the JSON stays standard. */
    private static Object finite(Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, finite(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SoakBenchmark::finite).toList();
        }
        return value;
    }

    private String stem() {
        return json.getFileName().toString().replaceFirst("\\.json$", "");
    }

    private static double mib(long bytes) {
        return bytes < 0 ? Double.NaN : Math.round(bytes / MIB * 10) / 10.0;
    }

    private static String ms(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", ((Number) value).doubleValue());
    }
}
