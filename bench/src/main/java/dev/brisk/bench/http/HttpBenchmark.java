package dev.brisk.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import dev.brisk.bench.store.PostgresCeiling;
import dev.brisk.bench.store.SizedCeiling;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The service benchmark: starts Brisk (with its demo data) on the chosen backend, warms it up
 * and measures, in one run, the ceiling of its HTTP stack, {@code /recommend} cached and uncached,
 * ingest through batch and single-event requests, and freshness; then prints one table, writes
 * the figures as JSON and stops the server. Loopback only; every phase is bounded in time.
 *
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.http.HttpBenchmark --backend sqlite-memory --json target/http-bench.json</pre>
 */
@Command(name = "http-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures a Brisk server over HTTP on loopback and reports one table (and JSON).")
public final class HttpBenchmark implements Callable<Integer> {
    @Option(names = "--backend", defaultValue = "sqlite-memory",
            description = "sqlite-memory (a fresh SQLite file and the memory cache) or postgres-redis. Default: ${DEFAULT-VALUE}")
    String backend;

    @Option(names = "--server", defaultValue = "child",
            description = "child (its own JVM, started from this jar) or in-process. Default: ${DEFAULT-VALUE}")
    String serverMode;

    @Option(names = "--server-jvm-option", description = "A JVM option of the child server, e.g. -XX:StartFlightRecording=filename=target/server.jfr (repeatable)")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(names = "--env", description = "An extra BRISK_* setting of the server, KEY=VALUE (repeatable)")
    Map<String, String> extraEnv = new LinkedHashMap<>();

    @Option(names = "--json", defaultValue = "target/http-bench.json", description = "Where to write the figures. Default: ${DEFAULT-VALUE}")
    Path json;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients of the read phases. Default: ${DEFAULT-VALUE}")
    int clients;

    @Option(names = "--single-event-clients", defaultValue = "64", description = "Concurrent clients sending one event per request. Default: ${DEFAULT-VALUE}")
    int singleEventClients;

    @Option(names = "--batch-clients", defaultValue = "4", description = "Concurrent clients sending batches. Default: ${DEFAULT-VALUE}")
    int batchClients;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Events per batch request. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--ingest-users", defaultValue = "5000", description = "Users (lu1..) the ingest phases send events for. Default: ${DEFAULT-VALUE}")
    int ingestUsers;

    @Option(names = "--jit-warmup-seconds", defaultValue = "10", description = "Mixed load before any phase. Default: ${DEFAULT-VALUE}")
    int jitWarmupSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Unmeasured start of every phase. Default: ${DEFAULT-VALUE}")
    int warmupSeconds;

    @Option(names = "--measure-seconds", defaultValue = "10", description = "Measured length of every phase. Default: ${DEFAULT-VALUE}")
    int measureSeconds;

    @Option(names = "--freshness-samples", defaultValue = "500", description = "Users probed for freshness. Default: ${DEFAULT-VALUE}")
    int freshnessSamples;

    @Option(names = "--only", split = ",", description = "Run only these phases (names as in the table); the server still starts and warms up")
    List<String> only = new ArrayList<>();

    @Option(names = "--db-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test", description = "postgres-redis: the database. Default: ${DEFAULT-VALUE}")
    String dbUrl;

    @Option(names = "--db-schema", description = "postgres-redis: the schema (default: a new brisk_bench_<time>, dropped at the end)")
    String dbSchema;

    @Option(names = "--db-user", defaultValue = "", description = "postgres-redis: the database user")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "postgres-redis: the database password")
    String dbPassword;

    @Option(names = "--sqlite-database", description = "sqlite-memory: serve a copy of this SQLite database (e.g. a large"
            + " catalog imported with brisk import, its models trained and stored) instead of a fresh one with the demo"
            + " data. The read phases ask for users u1..u500, so it must hold them")
    Path sqliteDatabase;

    @Option(names = "--postgres-ceiling-seconds", defaultValue = "0",
            description = "postgres-redis: after the ingest phases, measure the plain multi-row INSERT ceiling (as many"
                    + " sessions as batch clients, a batch's rows per statement) for this long and compare. Default: off")
    int postgresCeilingSeconds;

    @Option(names = "--train-continuously", description = "Keep the server's trainer busy through every phase after"
            + " the warm-up (a run of every model, again as soon as one ends), and check the serving tail while training:"
            + " cached /recommend client p99 <= 2 ms at 1 client and <= 15 ms at --clients, single events client p99"
            + " <= 20 ms at --single-event-clients (16 for that target)")
    boolean trainContinuously;

    @Option(names = "--paired-rounds", defaultValue = "0", description = "After the cached phase, this many rounds of"
            + " one /health window and one cached /recommend window each (their order swapped every round, the"
            + " clients of the read phases), and the median of the rounds' req/s ratios. Default: off")
    int pairedRounds;

    @Option(names = "--ingest-paired-rounds", defaultValue = "0", description = "postgres-redis, with"
            + " --postgres-ceiling-seconds: after the ingest phases, this many rounds of two ceiling windows (that many"
            + " seconds; one into a table that starts empty, one into a table holding as many rows as the service's)"
            + " and one batch window (2 s unmeasured, then as long), their order rotated every round, each round after"
            + " any training run has ended; the medians of the rounds' batch/ceiling ratios are compared with the 0.5x"
            + " target. Default: off")
    int ingestPairedRounds;

    @Option(names = "--preload-events", defaultValue = "0", description = "Before the warm-up, store this many events"
            + " (batches from --batch-clients clients, users as the ingest phases) and wait until every model has been"
            + " trained on them: the phases then measure a service that has its models, whose training runs refresh"
            + " them, rather than one whose first real training falls into the phases after an empty start."
            + " Default: ${DEFAULT-VALUE}")
    int preloadEvents;

    @Option(names = "--redis-url", defaultValue = "redis://127.0.0.1:6379", description = "postgres-redis: Redis. Default: ${DEFAULT-VALUE}")
    String redisUrl;

    private ServerUnderTest server;
    /** postgres-redis: the service's schema. */
    private String serviceSchema;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HttpBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Backend chosen = Backend.of(backend);
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        Backend.Connections connections = new Backend.Connections(dbUrl,
                dbSchema == null ? Backend.Connections.freshSchema() : dbSchema, dbUser, dbPassword, redisUrl);
        Path dataDir = Files.createTempDirectory("brisk-bench-");
        serviceSchema = connections.dbSchema();
        Map<String, String> env = chosen.environment(dataDir, connections);
        if (sqliteDatabase != null) {
            if (chosen != Backend.SQLITE_MEMORY) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--sqlite-database needs --backend sqlite-memory");
            }
            Files.copy(sqliteDatabase, Backend.sqliteFile(dataDir));
            env.put("BRISK_DEMO_DATA", "false");
        }
        env.putAll(extraEnv);
        Map<String, Object> run = runInfo(chosen);
        Path serverLog = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + "-server.log");
        long startedAt = System.nanoTime();
        ServerUnderTest server;
        try {
            server = serverMode.equals("in-process") ? ServerUnderTest.inProcess(env)
                    : ServerUnderTest.child(env, serverJvmOptions, serverLog);
        } catch (RuntimeException e) {
            System.err.println("Could not start Brisk on " + chosen.option() + ": " + e.getMessage());
            chosen.cleanUp(connections);
            deleteTree(dataDir);
            return 1;
        }
        run.put("server", server.describe());
        run.put("server_log", serverMode.equals("in-process") ? null : serverLog.toString());
        run.put("server_start_seconds", round((System.nanoTime() - startedAt) / 1e9));
        try (server; HttpConnection control = new HttpConnection("127.0.0.1", server.port())) {
            awaitReady(control);
            try {
                chosen.verify(control);
            } catch (IllegalStateException e) {
                System.err.println("The server does not run on the backend asked for: " + e.getMessage());
                return 1;
            }
            Report report = measure(server, control, runId, run, () -> chosen.storedEvents(dataDir, connections));
            run.put("load_average_after", loadAverage());
            report.print(System.out);
            report.write(json);
            System.out.println("\nFigures written to " + json);
            return 0;
        } finally {
            chosen.cleanUp(connections);
            deleteTree(dataDir);
        }
    }

    private Report measure(ServerUnderTest server, HttpConnection control, String runId, Map<String, Object> run,
                           LongSupplier storedEvents) throws Exception {
        Report report = new Report(run);
        this.server = server;
        int port = server.port();
        if (preloadEvents > 0) {
            run.put("preload", preload(port, control, runId));
        }
        Load.run(new Load.Phase("jit-warmup", "mixed reads", port, clients, Duration.ofSeconds(jitWarmupSeconds),
                Duration.ZERO, Load.Reads.NOTHING, selected("ingest-batch") || selected("ingest-single")
                        ? Workloads.warmUpWithEvents(runId, batchSize, ingestUsers) : Workloads.warmUp(), server));

        ContinuousTraining training = trainContinuously ? ContinuousTraining.start(port) : null;
        try {
            measurePhases(report, control, runId, storedEvents);
        } finally {
            if (training != null) {
                training.close();
                Map<String, Object> busy = new LinkedHashMap<>();
                busy.put("runs_finished", training.runsFinished());
                busy.put("failure", training.failure());
                busy.put("latest_runs", Json.MAPPER.readTree(control.get("/models/history?limit=10").body()).path("runs"));
                busy.put("note", "every model retrained again as soon as its run ended, through all phases after the"
                        + " warm-up");
                report.extra("continuous_training", busy);
                System.out.println("Training runs finished during the phases: " + training.runsFinished()
                        + (training.failure() == null ? "" : " (stopped early: " + training.failure() + ")"));
            }
        }
        report.extra("server_realtime", serverFigures(control));
        return report;
    }

    private void measurePhases(Report report, HttpConnection control, String runId, LongSupplier storedEvents)
            throws Exception {
        int port = server.port();
        Duration warm = Duration.ofSeconds(warmupSeconds);
        Duration measure = Duration.ofSeconds(measureSeconds);
        Load.Result health1 = phase("ceiling-health-1", "GET /health, 1 client", port, 1, warm, measure,
                Load.Reads.NOTHING, Workloads.get("/health"));
        Load.Result health = phase("ceiling-health", "GET /health", port, clients, warm, measure,
                Load.Reads.NOTHING, Workloads.get("/health"));
        Load.Result bare = phase("ceiling-bare", "GET /ping on a bare HttpServer in the same JVM", server.barePort(),
                clients, warm, measure, Load.Reads.NOTHING, Workloads.get("/ping"));
        Load.Result healthAtIngest = singleEventClients == clients ? health
                : phase("ceiling-health-" + singleEventClients, "GET /health", port, singleEventClients, warm, measure,
                Load.Reads.NOTHING, Workloads.get("/health"));
        report.add(health1, null);
        report.add(health, null);
        report.add(bare, health);
        if (healthAtIngest != health) {
            report.add(healthAtIngest, null);
        }

        fillCache(control);
        Load.Result cached = phase("recommend-cached", "GET /recommend, every list cached", port, clients, warm,
                measure, Load.Reads.RECOMMEND, Workloads.recommend());
        Load.Result uncached = phase("recommend-uncached", "GET /recommend&exclude= (bypasses the cache)", port,
                clients, warm, measure, Load.Reads.RECOMMEND, Workloads.recommendUncached());
        Load.Result cached1 = phase("recommend-cached-1", "GET /recommend cached, 1 client", port, 1, warm, measure,
                Load.Reads.RECOMMEND, Workloads.recommend());
        Load.Result uncached1 = phase("recommend-uncached-1", "GET /recommend uncached, 1 client", port, 1, warm,
                measure, Load.Reads.RECOMMEND, Workloads.recommendUncached());
        addIfRun(report, cached, health);
        addIfRun(report, uncached, health);
        if (pairedRounds > 0) {
            pairedCachedRounds(report, port, warm, measure);
        }
        addIfRun(report, cached1, health1);
        addIfRun(report, uncached1, health1);

        Freshness freshness = new Freshness(port, runId);
        Freshness.Result idle = selected("freshness-idle") ? freshness.run("freshness-idle",
                "view of the list's top item, then GET /recommend until it is gone", freshnessSamples,
                Workloads.DEMO_USERS, 0, System.nanoTime() + Duration.ofMinutes(2).toNanos()) : null;
        if (idle != null) {
            report.add(idle, health1);
        }

        Map<String, Object> ceilingBefore = postgresCeilingSeconds > 0 && backend.equals("postgres-redis")
                && selected("ingest-batch") ? ceiling(control, "ceiling-postgres-insert-before") : null;
        long storedBefore = storedEvents.getAsLong();
        Load.Result batch = phase("ingest-batch", "POST /events, " + batchSize + " events per request", port,
                batchClients, warm, measure, Load.Reads.INGEST,
                Workloads.ingestBatch(runId, batchSize, ingestUsers));
        addIfRun(report, batch, health);

        Freshness.Result underLoad = null;
        Load.Result single = null;
        if (selected("ingest-single")) {
            CompletableFuture<Freshness.Result> probing = CompletableFuture.supplyAsync(() -> {
                sleep(warm);
                return freshness.run("freshness-under-ingest", "as freshness-idle, during ingest-single",
                        freshnessSamples, Workloads.DEMO_USERS, freshnessSamples, System.nanoTime() + measure.toNanos());
            });
            single = phase("ingest-single", "POST /events, 1 event per request", port, singleEventClients, warm,
                    measure, Load.Reads.INGEST, Workloads.ingestSingle(runId, ingestUsers));
            underLoad = probing.get();
            report.add(single, healthAtIngest);
            report.add(underLoad, health1);
        }
        awaitIngestDrained(control);
        long stored = storedEvents.getAsLong() - storedBefore;
        long acknowledged = (batch == null ? 0 : batch.eventsAcknowledgedInAll())
                + (single == null ? 0 : single.eventsAcknowledgedInAll())
                + (underLoad == null ? 0 : underLoad.eventsAcknowledged());
        Map<String, Object> durability = new LinkedHashMap<>();
        durability.put("events_acknowledged", acknowledged);
        durability.put("events_stored", stored);
        durability.put("every_acknowledged_event_stored", stored == acknowledged);
        durability.put("note", "over the ingest phases including their warm-ups; an event answered with an error"
                + " must not be stored, an acknowledged one must be");
        report.extra("durability", durability);
        System.out.println("Durability: " + acknowledged + " events acknowledged, " + stored + " stored"
                + (stored == acknowledged ? " (equal)" : " (DIFFERENT)"));

        targets(report, cached, uncached, cached1, uncached1, health, bare, batch, single, idle, underLoad);
        if (ceilingBefore != null) {
            Map<String, Object> after = ceiling(control, "ceiling-postgres-insert-after");
            double rows = Math.max((double) ceilingBefore.get("rows_per_second"), (double) after.get("rows_per_second"));
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("before_the_ingest_phases", ceilingBefore);
            both.put("after_the_ingest_phases", after);
            both.put("rows_per_second", rows);
            both.put("note", "measured before and after the ingest phases; the batch rate is compared with the higher"
                    + " of the two (the database's own background work, such as autovacuum of the rows the phases"
                    + " stored, can lower one of them)");
            report.extra("postgres_insert_ceiling", both);
            if (batch != null) {
                report.target("ingest batch: >= 0.5x plain multi-row INSERTs (" + batchClients + " x " + batchSize + ")",
                        "ingest-batch events/s / the higher ceiling's rows/s", batch.eventsPerSecond() / rows, false, 0.5, "x");
            }
        }
        if (ingestPairedRounds > 0 && postgresCeilingSeconds > 0 && backend.equals("postgres-redis")
                && selected("ingest-batch")) {
            pairedIngestRounds(report, control, runId);
        }
        if (trainContinuously) {
            tailWhileTraining(report, cached, cached1, single);
        }
    }

    /**
     * Batch ingest beside the plain INSERT ceiling in alternating windows, so that all see the same
     * machine (whose speed drifts: one run's ceilings differed by 40%). A round has three windows, in
     * an order rotated every round: the ceiling into a table that starts empty, the ceiling into a
     * table as large as the service's ({@link SizedCeiling}, topped up before its window), and batch
     * ingest. A round's ratios are the batch window's events/s over each ceiling's rows/s, and the
     * medians of the rounds are the figures.
     */
    private void pairedIngestRounds(Report report, HttpConnection control, String runId) throws Exception {
        int port = server.port();
        Duration window = Duration.ofSeconds(postgresCeilingSeconds);
        List<Double> ratios = new ArrayList<>();
        List<Double> sizedRatios = new ArrayList<>();
        List<Map<String, Object>> rounds = new ArrayList<>();
        try (SizedCeiling sized = SizedCeiling.create(dbUrl, dbUser, dbPassword, serviceSchema)) {
            long filling = System.nanoTime();
            long held = sized.topUp();
            System.out.printf(Locale.ROOT, "sized ceiling table: %,d rows copied from the service's user_events in %.1f s%n",
                    held, (System.nanoTime() - filling) / 1e9);
            for (int round = 1; round <= ingestPairedRounds; round++) {
                long waited = trainContinuously ? -1 : awaitNoTraining(control, Duration.ofMinutes(5));
                double ceiling = 0;
                double sizedCeiling = 0;
                long sizedRows = 0;
                Load.Result batch = null;
                Map<String, long[]> times = new LinkedHashMap<>();
                for (int side = 0; side < 3; side++) {
                    int which = (side + round) % 3;
                    long began = System.currentTimeMillis();
                    switch (which) {
                        case 0 -> ceiling = PostgresCeiling.sessions(dbUrl, dbUser, dbPassword,
                                postgresCeilingSeconds, ingestUsers, batchClients, batchSize);
                        case 1 -> {
                            sizedRows = sized.topUp();
                            sizedCeiling = sized.window(postgresCeilingSeconds, ingestUsers, batchClients, batchSize);
                        }
                        default -> batch = Load.run(new Load.Phase("paired-ingest-batch", "POST /events, " + batchSize
                                + " events per request", port, batchClients, Duration.ofSeconds(2), window,
                                Load.Reads.INGEST, Workloads.ingestBatch(runId + "-r" + round, batchSize, ingestUsers),
                                server));
                    }
                    times.put(which == 0 ? "ceiling" : which == 1 ? "sized_ceiling" : "batch",
                            new long[] {began, System.currentTimeMillis()});
                }
                boolean trainedDuring = ContinuousTraining.busy(control);
                double ratio = batch.eventsPerSecond() / ceiling;
                double sizedRatio = batch.eventsPerSecond() / sizedCeiling;
                ratios.add(ratio);
                sizedRatios.add(sizedRatio);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("round", round);
                r.put("waited_for_training_ms", waited);
                r.put("ceiling_rows_per_second", ceiling);
                r.put("sized_ceiling_rows_per_second", sizedCeiling);
                r.put("sized_ceiling_rows_before_window", sizedRows);
                r.put("batch_events_per_second", batch.eventsPerSecond());
                r.put("server_cpu_micros_per_request", batch.serverCpuMicrosPerRequest());
                r.put("ratio", ratio);
                r.put("ratio_to_sized", sizedRatio);
                r.put("batch_errors", batch.errors());
                r.put("training_in_progress_at_end", trainedDuring);
                r.put("windows_epoch_ms", times);
                rounds.add(r);
                System.out.printf(Locale.ROOT, "paired ingest round %2d: ceiling %s rows/s (empty table), %s rows/s"
                                + " (%,d rows), batch %s events/s, ratios %.3f and %.3f%s%s%n",
                        round, Report.num(ceiling), Report.num(sizedCeiling), sizedRows, Report.num(batch.eventsPerSecond()),
                        ratio, sizedRatio, batch.errors() > 0 ? ", " + batch.errors() + " errors" : "",
                        trainedDuring ? " (a training run was under way at its end)" : "");
            }
        }
        String what = ingestPairedRounds + " rounds of a " + postgresCeilingSeconds + " s ceiling window ("
                + batchClients + " sessions x " + batchSize + " rows) into a table that starts empty, one as long into"
                + " a table holding as many rows as the service's user_events, and a batch window (" + batchClients
                + " clients x " + batchSize + " events, 2 s unmeasured first), order rotated every round";
        medianOfRounds(report, "paired_ingest_vs_ceiling", "paired ingest (empty table)", what, rounds, ratios,
                "ingest batch: >= 0.5x plain multi-row INSERTs into an empty table",
                "median of paired batch events/s / ceiling rows/s", 0.5);
        medianOfRounds(report, "paired_ingest_vs_sized_ceiling", "paired ingest (table as large)", what, rounds,
                sizedRatios, "ingest batch: >= 0.5x plain multi-row INSERTs into a table as large",
                "median of paired batch events/s / sized ceiling rows/s", 0.5);
    }

    /**
     * The plain multi-row INSERT ceiling ({@code --postgres-ceiling-seconds}), in a schema of its own.
     * It is the database's alone: a training run under way would take the cores the inserts leave
     * idle, so it waits for the trainer first (five minutes at most; not under --train-continuously).
     */
    private Map<String, Object> ceiling(HttpConnection control, String label) throws Exception {
        long waited = trainContinuously ? -1 : awaitNoTraining(control, Duration.ofMinutes(5));
        System.out.printf(Locale.ROOT, "%-30s %3d sessions, %d s ...", label, batchClients, postgresCeilingSeconds);
        System.out.flush();
        double rows = PostgresCeiling.sessions(dbUrl, dbUser, dbPassword,
                postgresCeilingSeconds, ingestUsers, batchClients, batchSize);
        boolean trainedDuring = ContinuousTraining.busy(control);
        System.out.printf(Locale.ROOT, " %s rows/s%s%n", Report.num(rows),
                trainedDuring ? " (a training run was under way at its end)" : "");
        Map<String, Object> ceiling = new LinkedHashMap<>();
        ceiling.put("waited_for_training_ms", waited);
        ceiling.put("training_in_progress_at_end", trainedDuring);
        ceiling.put("what", batchClients + " sessions, multi-row INSERT ... ON CONFLICT DO NOTHING of " + batchSize
                + " rows per statement, one transaction each, into a table of user_events' shape");
        ceiling.put("rows_per_second", rows);
        return ceiling;
    }

    /** The serving tail with the trainer never resting (client-side p99). */
    private void tailWhileTraining(Report report, Load.Result cached, Load.Result cached1, Load.Result single) {
        if (cached1 != null) {
            report.target("while training: cached /recommend client p99 <= 2 ms (1 client)",
                    "recommend-cached-1 client p99", cached1.client().p99(), true, 2.0, "ms");
        }
        if (cached != null) {
            report.target("while training: cached /recommend client p99 <= 15 ms (" + clients + " clients)",
                    "recommend-cached client p99", cached.client().p99(), true, 15.0, "ms");
        }
        if (single != null) {
            report.target("while training: single events client p99 <= 20 ms (" + singleEventClients + " clients)",
                    "ingest-single client p99", single.client().p99(), true, 20.0, "ms");
        }
    }

    private void targets(Report report, Load.Result cached, Load.Result uncached, Load.Result cached1,
                         Load.Result uncached1, Load.Result health, Load.Result bare, Load.Result batch,
                         Load.Result single,
                         Freshness.Result idle, Freshness.Result underLoad) {
        if (cached != null) {
            report.target("recommend cached: server p99 <= 1 ms (" + clients + " clients)", "recommend-cached server p99",
                    cached.serverTook().p99(), true, 1.0, "ms");
            report.target("recommend cached: >= 0.8x the req/s of /health", "recommend-cached rps / ceiling-health rps",
                    cached.requestsPerSecond() / health.requestsPerSecond(), false, 0.8, "x");
            report.target("recommend cached: >= 0.5x the req/s of the bare /ping", "recommend-cached rps / ceiling-bare rps",
                    cached.requestsPerSecond() / bare.requestsPerSecond(), false, 0.5, "x");
            report.target("recommend cached: >= 0.5x /health by server CPU/request",
                    "ceiling-health srv-cpu / recommend-cached srv-cpu",
                    health.serverCpuMicrosPerRequest() / cached.serverCpuMicrosPerRequest(), false, 0.5, "x");
        }
        if (cached1 != null) {
            report.target("recommend cached: server p99 <= 1 ms (1 client)", "recommend-cached-1 server p99",
                    cached1.serverTook().p99(), true, 1.0, "ms");
        }
        if (uncached != null) {
            report.target("recommend uncached: server p99 <= 5 ms (" + clients + " clients)",
                    "recommend-uncached server p99", uncached.serverTook().p99(), true, 5.0, "ms");
        }
        if (uncached1 != null) {
            report.target("recommend uncached: server p99 <= 5 ms (1 client)", "recommend-uncached-1 server p99",
                    uncached1.serverTook().p99(), true, 5.0, "ms");
        }
        if (batch != null) {
            report.target("ingest batch: >= 20,000 events/s", "ingest-batch events/s", batch.eventsPerSecond(), false,
                    20_000, "events/s");
        }
        if (single != null) {
            report.target("ingest single: >= 3,000 events/s at " + singleEventClients + " clients",
                    "ingest-single events/s", single.eventsPerSecond(), false, 3_000, "events/s");
        }
        if (idle != null) {
            report.target("freshness p99 < 50 ms (idle)", "freshness-idle p99", idle.ackToFresh().p99(), true, 50, "ms");
        }
        if (underLoad != null) {
            report.target("freshness p99 < 50 ms (during ingest-single)", "freshness-under-ingest p99",
                    underLoad.ackToFresh().p99(), true, 50, "ms");
        }
    }

    private Load.Result phase(String name, String what, int port, int n, Duration warm, Duration measure,
                              Load.Reads reads, Load.Call call) throws InterruptedException {
        if (!selected(name)) {
            return null;
        }
        System.out.printf(Locale.ROOT, "%-24s %3d clients, %d s + %d s ...", name, n, warm.toSeconds(), measure.toSeconds());
        System.out.flush();
        Load.Result r = Load.run(new Load.Phase(name, what, port, n, warm, measure, reads, call, server));
        System.out.printf(Locale.ROOT, " %s req/s%s%n", Report.num(r.requestsPerSecond()),
                r.errors() > 0 ? ", " + r.errors() + " errors" : "");
        return r;
    }

    /**
     * The cached path beside /health in alternating windows, so that both see the same machine: the
     * ratio of a round is the cached window's req/s over the /health window's, and the median of the
     * rounds is the figure; a machine whose speed drifts during the run moves both sides of a round.
     */
    private void pairedCachedRounds(Report report, int port, Duration warm, Duration measure)
            throws InterruptedException {
        List<Double> ratios = new ArrayList<>();
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (int round = 1; round <= pairedRounds; round++) {
            Load.Result health = null;
            Load.Result cached = null;
            for (int side = 0; side < 2; side++) {
                if ((side + round) % 2 == 1) {
                    health = Load.run(new Load.Phase("paired-health", "GET /health", port, clients, warm, measure,
                            Load.Reads.NOTHING, Workloads.get("/health"), server));
                } else {
                    cached = Load.run(new Load.Phase("paired-cached", "GET /recommend, every list cached", port,
                            clients, warm, measure, Load.Reads.RECOMMEND, Workloads.recommend(), server));
                }
            }
            double ratio = cached.requestsPerSecond() / health.requestsPerSecond();
            ratios.add(ratio);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("round", round);
            r.put("health_rps", health.requestsPerSecond());
            r.put("cached_rps", cached.requestsPerSecond());
            r.put("ratio", ratio);
            r.put("cached_errors", cached.errors());
            rounds.add(r);
            System.out.printf(Locale.ROOT, "paired round %2d: /health %s req/s, cached %s req/s, ratio %.3f%s%n",
                    round, Report.num(health.requestsPerSecond()), Report.num(cached.requestsPerSecond()), ratio,
                    cached.errors() > 0 ? ", " + cached.errors() + " errors" : "");
        }
        medianOfRounds(report, "paired_cached_vs_health", "paired", pairedRounds + " rounds of " + clients
                + " clients: a /health window and a cached /recommend window each, order swapped every round; "
                + warm.toSeconds() + " s + " + measure.toSeconds() + " s each", rounds, ratios,
                "recommend cached: >= 0.8x the req/s of /health", "median of paired-cached rps / paired-health rps", 0.8);
    }

    /** The median of paired rounds' ratios: written with the rounds, printed, and checked against {@code minimum}. */
    private static void medianOfRounds(Report report, String key, String label, String what,
                                       List<Map<String, Object>> rounds, List<Double> ratios, String target,
                                       String measured, double minimum) {
        List<Double> sorted = ratios.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        Map<String, Object> paired = new LinkedHashMap<>();
        paired.put("what", what);
        paired.put("rounds", rounds);
        paired.put("median_ratio", median);
        paired.put("min_ratio", sorted.get(0));
        paired.put("max_ratio", sorted.get(n - 1));
        report.extra(key, paired);
        System.out.printf(Locale.ROOT, "%s: median ratio %.3f (min %.3f, max %.3f) over %d rounds%n", label, median,
                sorted.get(0), sorted.get(n - 1), n);
        report.target(target + " (median of " + n + " paired rounds)", measured, median, false, minimum, "x");
    }

    private boolean selected(String name) {
        return only.isEmpty() || only.contains(name) || name.startsWith("ceiling");
    }

    private static void addIfRun(Report report, Load.Result r, Load.Result ceiling) {
        if (r != null) {
            report.add(r, ceiling);
        }
    }

    /**
     * Stores {@code preloadEvents} events in batches, then waits (ten minutes at most) until no run is
     * under way and every model serves a version trained on at least half as many interactions (some
     * event types, such as impressions, do not train).
     */
    private Map<String, Object> preload(int port, HttpConnection control, String runId) throws Exception {
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "%-24s %3d clients, %,d events ...", "preload", batchClients, preloadEvents);
        System.out.flush();
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        Load.Call batch = Workloads.ingestBatch(runId + "-p", batchSize, ingestUsers);
        List<java.util.concurrent.Future<?>> clientsDone = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(batchClients);
        try {
            for (int client = 0; client < batchClients; client++) {
                int id = client;
                clientsDone.add(pool.submit(() -> {
                    java.util.SplittableRandom random = new java.util.SplittableRandom(7919L * (id + 1));
                    try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
                        for (long seq = 0; sent.getAndAdd(batchSize) < preloadEvents; seq++) {
                            HttpConnection.Response r = batch.send(c, random, id, seq);
                            if (r.status() != 200 && r.status() != 201 && r.status() != 202) {
                                throw new IllegalStateException("preload: POST /events answered " + r.status()
                                        + ": " + r.text());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : clientsDone) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        awaitIngestDrained(control);
        double storeSeconds = (System.nanoTime() - started) / 1e9;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode models = Json.MAPPER.readTree(control.get("/models").body()).path("models");
            long least = Long.MAX_VALUE;
            for (JsonNode m : models) {
                least = Math.min(least, m.path("interactions").asLong());
            }
            if (!ContinuousTraining.busy(control) && least != Long.MAX_VALUE && least >= Math.max(1, preloadEvents / 2)) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("events", preloadEvents);
                out.put("store_seconds", round(storeSeconds));
                out.put("trained_after_seconds", round((System.nanoTime() - started) / 1e9));
                out.put("least_interactions_of_a_model", least);
                System.out.printf(Locale.ROOT, " stored in %.1f s, every model trained on >= %,d interactions after %.1f s%n",
                        storeSeconds, least, (System.nanoTime() - started) / 1e9);
                return out;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("preload: the models were not trained on the preloaded events within 10 minutes");
    }

    /** Requests every demo user's list once, so that the cached phase only hits. */
    private static void fillCache(HttpConnection control) throws IOException {
        for (int u = 1; u <= Workloads.DEMO_USERS; u++) {
            control.get("/recommend?user_id=u" + u + "&n=10");
        }
    }

    private static void awaitReady(HttpConnection control) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            HttpConnection.Response r = control.get("/ready");
            if (r.status() == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The server is not ready after 2 minutes: " + r.text());
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits (2 min at most) until the writer's queue is empty and, with the Kafka event log
     * ({@code --env BRISK_KAFKA_BOOTSTRAP=...}), until the consumer has no lag: every acknowledged
     * event is then stored.
     */
    private static void awaitIngestDrained(HttpConnection control) throws IOException, InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode ready = Json.MAPPER.readTree(control.get("/ready").body());
            boolean queueEmpty = false;
            boolean logDrained = true;
            for (JsonNode c : ready.path("components")) {
                String name = c.path("component").asText();
                if ("ingest".equals(name)) {
                    queueEmpty = c.path("details").path("queued_events").asInt() == 0;
                } else if ("kafka".equals(name)) {
                    logDrained = c.path("details").path("lag").asLong() == 0;
                }
            }
            if (queueEmpty && logDrained) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Waits until no model is being trained (at most {@code patience}); the milliseconds waited, -1 when it gave up. */
    private static long awaitNoTraining(HttpConnection control, Duration patience) throws IOException, InterruptedException {
        long start = System.nanoTime();
        while (ContinuousTraining.busy(control)) {
            if (System.nanoTime() - start > patience.toNanos()) {
                return -1;
            }
            Thread.sleep(200);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static Map<String, Object> serverFigures(HttpConnection control) throws IOException {
        JsonNode realtime = Json.MAPPER.readTree(control.get("/metrics/realtime").body());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("note", "the server's own rolling figures over the last minute, at the end of the run");
        out.put("recommend_latency", realtime.path("recommend_latency"));
        out.put("freshness", realtime.path("freshness"));
        out.put("ingest_commit_latency", realtime.path("ingest_commit_latency"));
        out.put("cache", realtime.path("cache"));
        out.put("totals", realtime.path("totals"));
        Map<String, Double> counters = new LinkedHashMap<>();
        for (String line : control.get("/metrics").text().split("\n")) {
            if (line.startsWith("brisk_reclog_") || line.startsWith("brisk_events_rejected")
                    || line.startsWith("brisk_events_duplicates")) {
                int space = line.lastIndexOf(' ');
                counters.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        out.put("counters", counters);
        return out;
    }

    private Map<String, Object> runInfo(Backend chosen) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        run.put("commit", commit());
        run.put("backend", chosen.option());
        run.put("cores", Runtime.getRuntime().availableProcessors());
        run.put("memory", String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        run.put("load_average_before", loadAverage());
        run.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        run.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("clients", clients);
        options.put("single_event_clients", singleEventClients);
        options.put("batch_clients", batchClients);
        options.put("batch_size", batchSize);
        options.put("ingest_users", ingestUsers);
        options.put("jit_warmup_seconds", jitWarmupSeconds);
        options.put("warmup_seconds", warmupSeconds);
        options.put("measure_seconds", measureSeconds);
        options.put("freshness_samples", freshnessSamples);
        options.put("server_jvm_options", serverJvmOptions);
        options.put("extra_env", extraEnv);
        run.put("options", options);
        return run;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String commit() {
        try {
            String head = git("rev-parse", "--short", "HEAD");
            String changes = git("status", "--porcelain", "--untracked-files=no");
            return head.isEmpty() ? "unknown" : head + (changes.isEmpty() ? "" : "-dirty");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "";
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
