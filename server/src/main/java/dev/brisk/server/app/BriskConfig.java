package dev.brisk.server.app;

import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import dev.brisk.core.model.FeedbackWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of a Brisk process, read from {@code BRISK_*} environment variables with defaults
 * that work on a laptop, and validated at once: {@link #fromEnvironment(Map)} reports every bad
 * value together, with the variable's name and what it accepts.
 * <p>{@code dashboardPortFlexible} is true when {@code BRISK_DASHBOARD_PORT} was not set: then a
 * busy default port is replaced by a free one rather than stopping the start, because the
 * dashboard is an aid beside the API, and tests or a second instance on one machine must not
 * collide on it. A port that was set explicitly must be bound, or the start fails.
 * <p>{@code demoData} defaults to true only on SQLite (the embedded database a first start uses):
 * generated data must never appear by surprise in a PostgreSQL database an operator set up.
 */
public record BriskConfig(
        String host,
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String dbSchema,
        int dbPoolSize,
        boolean demoData,
        long demoSeed,
        String redisUrl,
        String redisPrefix,
        int redisTimeoutMillis,
        int cacheTtlSeconds,
        long cacheMaxEntries,
        int ingestQueueEvents,
        int ingestCommitEvents,
        int ingestAckTimeoutMillis,
        int ingestWriters,
        int ingestProfilesKept,
        int maxBatchEvents,
        long maxBodyBytes,
        int sessionGapMinutes,
        int clickWindowMinutes,
        double popularHalfLifeDays,
        int trainIntervalSeconds,
        int trainAfterEvents,
        int metricsSnapshotSeconds,
        String defaultModel,
        int historyLimit,
        long historyCacheEvents,
        EventTypes eventTypes,
        FeedbackWeights weights,
        int dashboardPort,
        boolean dashboardPortFlexible,
        ModelSettings models,
        Cluster cluster,
        Security security,
        Retention retention,
        Kafka kafka) {

    /**
     * How instances on one database share the work: this instance's name (default host-pid),
     * the trainer's lease time, the shortest time between two automatic training runs, how many
     * versions of each model the model store keeps, and how often the change feed looks.
     */
    public record Cluster(String instanceId, int leaseSeconds, int trainMinIntervalSeconds, int modelVersionsKept,
                          int changeFeedMillis) {
    }

    /**
     * Who may call the API and how much: whether the API may listen beyond loopback without keys,
     * the bootstrap admin key, requests per second per key (or client address while open) for each
     * role (0: unlimited), the origins allowed to call the API from a browser, whether
     * {@code /metrics} needs an admin key, and the bounds that keep slow clients from holding the
     * server: the idle time of a connection, the slowest body accepted, connections per address.
     */
    public record Security(boolean allowOpen, String adminKey, int rateLimitRead, int rateLimitWrite,
                           int rateLimitAdmin, List<String> corsOrigins, boolean metricsPublic, int idleTimeoutMillis,
                           int minBodyBytesPerSecond, int maxConnectionsPerClient) {
    }

    /**
     * How long what grows with traffic is kept: served lists ({@code served_lists}, lists of
     * an experiment excepted) and metric snapshots ({@code system_metrics}), in days (0 keeps them
     * forever), and how often old rows are pruned. Events are data and are kept.
     */
    public record Retention(int servedListDays, int metricDays, int pruneIntervalSeconds) {
    }

    /**
     * The optional Kafka event log: off while {@code bootstrap} is empty. Then {@code POST /events}
     * appends to {@code topic} and every instance's consumer (group {@code group}) stores what it
     * reads; {@code partitions} is used when Brisk creates the topic; {@code timeoutMillis} bounds
     * how long an append may wait for the brokers before the request is answered 503.
     */
    public record Kafka(String bootstrap, String topic, String group, int partitions, int timeoutMillis) {
        public boolean enabled() {
            return !bootstrap.isEmpty();
        }
    }

    /** The dashboard's port when {@code BRISK_DASHBOARD_PORT} is not set. */
    public static final int DEFAULT_DASHBOARD_PORT = 8502;

    /** The embedded database of a process started with no variables at all. */
    public static final String DEFAULT_DB_URL = "jdbc:sqlite:data/brisk.db";

    /** The settings of a process started with no variables at all. */
    public static BriskConfig defaults() {
        return fromEnvironment(Map.of());
    }

    /** Reads and validates the settings; throws {@link ConfigException} listing every problem. */
    public static BriskConfig fromEnvironment(Map<String, String> env) {
        Reader r = new Reader(env);
        BriskConfig config = read(r);
        if (!r.problems.isEmpty()) {
            throw new ConfigException(r.problems);
        }
        return config;
    }

    /** Reads every setting, collecting each bad value in the reader's problems. */
    private static BriskConfig read(Reader r) {
        EventTypes eventTypes = r.eventTypes("BRISK_EVENT_TYPES");
        BriskConfig config = new BriskConfig(
                r.text("BRISK_HOST", "127.0.0.1"),
                r.integer("BRISK_PORT", 8000, 0, 65535),
                r.text("BRISK_DB_URL", DEFAULT_DB_URL),
                r.text("BRISK_DB_USER", ""),
                r.text("BRISK_DB_PASSWORD", ""),
                r.text("BRISK_DB_SCHEMA", ""),
                r.integer("BRISK_DB_POOL_SIZE", 8, 1, 200),
                // Never by surprise on a database an operator set up: only on the embedded one, unless asked.
                r.bool("BRISK_DEMO_DATA", r.text("BRISK_DB_URL", DEFAULT_DB_URL).startsWith("jdbc:sqlite:")),
                r.integer("BRISK_DEMO_SEED", 42, 0, Integer.MAX_VALUE),
                r.text("BRISK_REDIS_URL", ""),
                r.text("BRISK_REDIS_PREFIX", ""),
                r.integer("BRISK_REDIS_TIMEOUT_MS", 250, 10, 60_000),
                r.integer("BRISK_CACHE_TTL", 3600, 1, 30 * 86400),
                r.integer("BRISK_CACHE_MAX_ENTRIES", 100_000, 1, 100_000_000),
                r.integer("BRISK_INGEST_QUEUE_EVENTS", 200_000, 1, 50_000_000),
                r.integer("BRISK_INGEST_COMMIT_EVENTS", 10_000, 1, 1_000_000),
                r.integer("BRISK_INGEST_ACK_TIMEOUT_MS", 60_000, 100, 600_000),
                r.integer("BRISK_INGEST_WRITERS", 0, 0, 64),
                r.integer("BRISK_INGEST_PROFILES_KEPT", 20_000, 0, 10_000_000),
                r.integer("BRISK_MAX_BATCH_EVENTS", 10_000, 1, 1_000_000),
                r.integer("BRISK_MAX_BODY_BYTES", 16 * 1024 * 1024, 1024, Integer.MAX_VALUE),
                r.integer("BRISK_SESSION_GAP_MINUTES", 30, 1, 24 * 60),
                r.integer("BRISK_CLICK_WINDOW_MINUTES", 60, 1, 30 * 24 * 60),
                r.decimal("BRISK_POPULAR_HALF_LIFE_DAYS", 7.0, 0.01, 3650),
                r.integer("BRISK_TRAIN_INTERVAL_SECONDS", 300, 1, 7 * 86400),
                r.integer("BRISK_TRAIN_AFTER_EVENTS", 1000, 1, 100_000_000),
                r.integer("BRISK_METRICS_SNAPSHOT_SECONDS", 60, 1, 86400),
                r.text("BRISK_DEFAULT_MODEL", "hybrid"),
                r.integer("BRISK_HISTORY_LIMIT", 1000, 1, 100_000),
                r.integer("BRISK_HISTORY_CACHE_EVENTS", 200_000, 0, 1_000_000_000),
                eventTypes,
                r.weights("BRISK_EVENT_WEIGHTS", eventTypes),
                r.integer("BRISK_DASHBOARD_PORT", DEFAULT_DASHBOARD_PORT, 0, 65535),
                r.raw("BRISK_DASHBOARD_PORT").isEmpty(),
                new ModelSettings(
                        r.integer("BRISK_ALS_FACTORS", 64, 1, 512),
                        r.integer("BRISK_ALS_ITERATIONS", 10, 1, 200),
                        r.decimal("BRISK_ALS_REGULARIZATION", 15.0, 0.0001, 100_000),
                        r.decimal("BRISK_ALS_ALPHA", 0.5, 0.0001, 10_000),
                        r.text("BRISK_ALS_SOLVER", "cg"),
                        r.integer("BRISK_ALS_CG_STEPS", 3, 1, 64),
                        r.integer("BRISK_KNN_NEIGHBOURS", 100, 1, 2_000),
                        r.decimal("BRISK_KNN_SHRINK", 10.0, 0, 100_000),
                        r.decimal("BRISK_KNN_ASYMMETRY", 0.5, 0, 1),
                        r.integer("BRISK_KNN_MAX_USER_ITEMS", 500, 2, 100_000),
                        r.decimal("BRISK_DECAY_HALF_LIFE_DAYS", 0.0, 0, 36_500),
                        r.integer("BRISK_TRAIN_THREADS", 0, 1, 256),
                        r.integer("BRISK_VALIDATION_USERS", 1000, 0, 10_000_000),
                        r.text("BRISK_HYBRID_WEIGHTS", ""),
                        r.integer("BRISK_ROTATION_IMPRESSIONS", 3, 0, 1_000),
                        r.integer("BRISK_ANN_MIN_ITEMS", 20_000, 0, 100_000_000)),
                new Cluster(
                        r.text("BRISK_INSTANCE_ID", ""),
                        r.integer("BRISK_TRAINER_LEASE_SECONDS", 15, 2, 600),
                        r.integer("BRISK_TRAIN_MIN_INTERVAL_SECONDS", 60, 0, 86_400),
                        r.integer("BRISK_MODEL_VERSIONS_KEPT", 3, 1, 100),
                        r.integer("BRISK_CHANGE_FEED_MS", 500, 50, 60_000)),
                new Security(
                        r.bool("BRISK_ALLOW_OPEN", false),
                        r.text("BRISK_ADMIN_KEY", ""),
                        r.integer("BRISK_RATE_LIMIT_READ", 5_000, 0, 10_000_000),
                        r.integer("BRISK_RATE_LIMIT_WRITE", 2_000, 0, 10_000_000),
                        r.integer("BRISK_RATE_LIMIT_ADMIN", 200, 0, 10_000_000),
                        r.list("BRISK_CORS_ORIGINS"),
                        r.bool("BRISK_METRICS_PUBLIC", false),
                        r.integer("BRISK_HTTP_IDLE_TIMEOUT_MS", 10_000, 500, 600_000),
                        r.integer("BRISK_MIN_BODY_BYTES_PER_SECOND", 1024, 0, 100_000_000),
                        r.integer("BRISK_MAX_CONNECTIONS_PER_CLIENT", 64, 1, 100_000)),
                new Retention(
                        r.integer("BRISK_SERVED_LIST_RETENTION_DAYS", 30, 0, 36_500),
                        r.integer("BRISK_METRICS_RETENTION_DAYS", 14, 0, 36_500),
                        r.integer("BRISK_PRUNE_INTERVAL_SECONDS", 600, 1, 86_400)),
                new Kafka(
                        r.text("BRISK_KAFKA_BOOTSTRAP", ""),
                        r.text("BRISK_KAFKA_TOPIC", "brisk.events"),
                        r.text("BRISK_KAFKA_GROUP", "brisk"),
                        r.integer("BRISK_KAFKA_PARTITIONS", 12, 1, 10_000),
                        r.integer("BRISK_KAFKA_TIMEOUT_MS", 10_000, 1_000, 600_000)));
        if (!config.kafka().bootstrap().isEmpty()
                && !config.kafka().bootstrap().matches("[A-Za-z0-9._\\[\\]:-]+:\\d+(,[A-Za-z0-9._\\[\\]:-]+:\\d+)*")) {
            r.problems.add("BRISK_KAFKA_BOOTSTRAP must list brokers like kafka1:9092,kafka2:9092, got "
                    + config.kafka().bootstrap());
        }
        if (!config.kafka().topic().matches("[A-Za-z0-9._-]{1,249}")) {
            r.problems.add("BRISK_KAFKA_TOPIC may hold letters, digits and . _ - (at most 249), got " + config.kafka().topic());
        }
        if (!config.dbUrl().startsWith("jdbc:sqlite:") && !config.dbUrl().startsWith("jdbc:postgresql:")) {
            r.problems.add("BRISK_DB_URL must start with jdbc:sqlite: or jdbc:postgresql:, got " + config.dbUrl());
        }
        if (!config.redisUrl().isEmpty() && !config.redisUrl().matches("rediss?://.+")) {
            r.problems.add("BRISK_REDIS_URL must look like redis://HOST:PORT (or rediss:// for TLS), got "
                    + config.redisUrl());
        }
        if (!config.cluster().instanceId().matches("[A-Za-z0-9._:-]{0,100}")) {
            r.problems.add("BRISK_INSTANCE_ID may hold letters, digits and . _ : - (at most 100), got "
                    + config.cluster().instanceId());
        }
        if (!config.dbSchema().isEmpty() && !config.dbSchema().matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            r.problems.add("BRISK_DB_SCHEMA must be a plain SQL identifier, got " + config.dbSchema());
        }
        if (config.ingestWriters() > 1 && config.isSqlite()) {
            r.problems.add("BRISK_INGEST_WRITERS must be 1 (or unset) on SQLite, which has one writer at a time; got "
                    + config.ingestWriters());
        } else if (!config.isSqlite() && config.ingestWriters() > config.dbPoolSize() - 2) {
            r.problems.add("BRISK_INGEST_WRITERS (" + config.ingestWriters() + ") must leave two of BRISK_DB_POOL_SIZE ("
                    + config.dbPoolSize() + ") connections to reads and the served-list log");
        }
        if (config.maxBatchEvents() > config.ingestQueueEvents()) {
            r.problems.add("BRISK_MAX_BATCH_EVENTS (" + config.maxBatchEvents()
                    + ") must not exceed BRISK_INGEST_QUEUE_EVENTS (" + config.ingestQueueEvents() + ")");
        }
        if (!config.dashboardPortFlexible() && config.dashboardPort() != 0 && config.dashboardPort() == config.port()) {
            r.problems.add("BRISK_DASHBOARD_PORT (" + config.dashboardPort() + ") must differ from BRISK_PORT; "
                    + "the dashboard is also served under /dashboard on the API port");
        }
        if (!config.security().adminKey().isEmpty() && config.security().adminKey().length() < 24) {
            r.problems.add("BRISK_ADMIN_KEY must be at least 24 characters (create one with `brisk keys create`"
                    + " or any random generator), got " + config.security().adminKey().length());
        }
        for (String origin : config.security().corsOrigins()) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                r.problems.add("BRISK_CORS_ORIGINS must list origins like https://app.example.com (scheme, host and"
                        + " an optional port, no path), got " + origin);
            }
        }
        r.problems.addAll(config.models().problems());
        if (!dev.brisk.core.training.ModelSuite.TYPES.contains(config.defaultModel())) {
            r.problems.add("BRISK_DEFAULT_MODEL must be one of " + String.join(", ", dev.brisk.core.training.ModelSuite.TYPES)
                    + ", got " + config.defaultModel());
        }
        return config;
    }

    /** The database's own settings. */
    public dev.brisk.server.store.Database.Settings database() {
        return new dev.brisk.server.store.Database.Settings(dbUrl, dbUser, dbPassword, dbSchema, dbPoolSize);
    }

    /**
     * How many transactions the ingest writer runs at once, each on its own share of the users:
     * as set, else one on SQLite (one writer at a time) and up to four on PostgreSQL, leaving two
     * pool connections to reads and the served-list log.
     */
    public int ingestWriterCount() {
        if (ingestWriters > 0) {
            return ingestWriters;
        }
        return isSqlite() ? 1 : Math.max(1, Math.min(4, dbPoolSize - 2));
    }

    public boolean isSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }

    public BriskConfig withPort(int newPort) {
        return with(m -> m.put("BRISK_PORT", Integer.toString(newPort)));
    }

    /** A copy with some variables changed, validated like the original. */
    public BriskConfig with(java.util.function.Consumer<Map<String, String>> changes) {
        Map<String, String> env = new java.util.HashMap<>(toEnvironment());
        changes.accept(env);
        return fromEnvironment(env);
    }

    /** Variables read elsewhere than here (logging, the launcher script, client commands). */
    private static final java.util.Set<String> READ_ELSEWHERE = java.util.Set.of("BRISK_LOG_LEVEL", "BRISK_HEAP",
            "BRISK_JAVA_OPTS", "BRISK_API_KEY", "BRISK_SPARK_JAR");

    /**
     * A warning for each {@code BRISK_*} variable in {@code env} that no setting reads (a typo is
     * otherwise silently ignored), with the closest known name when one is close.
     */
    public static List<String> unknownVariables(Map<String, String> env) {
        Reader known = new Reader(env);
        read(known); // the known names are the ones the settings read
        List<String> warnings = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(env.keySet())) {
            if (!name.startsWith("BRISK_") || known.read.contains(name) || READ_ELSEWHERE.contains(name)
                    || name.startsWith("BRISK_TEST_")) {
                continue;
            }
            String closest = null;
            int best = Integer.MAX_VALUE;
            for (String candidate : known.read) {
                int d = distance(name, candidate);
                if (d < best) {
                    best = d;
                    closest = candidate;
                }
            }
            warnings.add("Unknown variable " + name + " is ignored"
                    + (closest != null && best <= 3 ? "; did you mean " + closest + "?" : ""));
        }
        return warnings;
    }

    /** Edit distance (insertions, deletions, substitutions, adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The variables that reproduce this configuration. */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("BRISK_HOST", host);
        env.put("BRISK_PORT", Integer.toString(port));
        env.put("BRISK_DB_URL", dbUrl);
        env.put("BRISK_DB_USER", dbUser);
        env.put("BRISK_DB_PASSWORD", dbPassword);
        env.put("BRISK_DB_SCHEMA", dbSchema);
        env.put("BRISK_DB_POOL_SIZE", Integer.toString(dbPoolSize));
        env.put("BRISK_DEMO_DATA", Boolean.toString(demoData));
        env.put("BRISK_DEMO_SEED", Long.toString(demoSeed));
        env.put("BRISK_REDIS_URL", redisUrl);
        env.put("BRISK_REDIS_PREFIX", redisPrefix);
        env.put("BRISK_REDIS_TIMEOUT_MS", Integer.toString(redisTimeoutMillis));
        env.put("BRISK_CACHE_TTL", Integer.toString(cacheTtlSeconds));
        env.put("BRISK_CACHE_MAX_ENTRIES", Long.toString(cacheMaxEntries));
        env.put("BRISK_INGEST_QUEUE_EVENTS", Integer.toString(ingestQueueEvents));
        env.put("BRISK_INGEST_COMMIT_EVENTS", Integer.toString(ingestCommitEvents));
        env.put("BRISK_INGEST_ACK_TIMEOUT_MS", Integer.toString(ingestAckTimeoutMillis));
        env.put("BRISK_INGEST_WRITERS", Integer.toString(ingestWriters));
        env.put("BRISK_INGEST_PROFILES_KEPT", Integer.toString(ingestProfilesKept));
        env.put("BRISK_MAX_BATCH_EVENTS", Integer.toString(maxBatchEvents));
        env.put("BRISK_MAX_BODY_BYTES", Long.toString(maxBodyBytes));
        env.put("BRISK_SESSION_GAP_MINUTES", Integer.toString(sessionGapMinutes));
        env.put("BRISK_CLICK_WINDOW_MINUTES", Integer.toString(clickWindowMinutes));
        env.put("BRISK_POPULAR_HALF_LIFE_DAYS", Double.toString(popularHalfLifeDays));
        env.put("BRISK_TRAIN_INTERVAL_SECONDS", Integer.toString(trainIntervalSeconds));
        env.put("BRISK_TRAIN_AFTER_EVENTS", Integer.toString(trainAfterEvents));
        env.put("BRISK_METRICS_SNAPSHOT_SECONDS", Integer.toString(metricsSnapshotSeconds));
        env.put("BRISK_DEFAULT_MODEL", defaultModel);
        env.put("BRISK_HISTORY_LIMIT", Integer.toString(historyLimit));
        env.put("BRISK_HISTORY_CACHE_EVENTS", Long.toString(historyCacheEvents));
        env.put("BRISK_EVENT_TYPES", eventTypes.declaredNames());
        StringBuilder w = new StringBuilder();
        weights.asMap().forEach((type, value) -> w.append(w.length() == 0 ? "" : ",").append(type).append('=').append(value));
        env.put("BRISK_EVENT_WEIGHTS", w.toString());
        if (!dashboardPortFlexible) {
            env.put("BRISK_DASHBOARD_PORT", Integer.toString(dashboardPort));
        }
        env.putAll(models.toEnvironment());
        env.put("BRISK_INSTANCE_ID", cluster.instanceId());
        env.put("BRISK_TRAINER_LEASE_SECONDS", Integer.toString(cluster.leaseSeconds()));
        env.put("BRISK_TRAIN_MIN_INTERVAL_SECONDS", Integer.toString(cluster.trainMinIntervalSeconds()));
        env.put("BRISK_MODEL_VERSIONS_KEPT", Integer.toString(cluster.modelVersionsKept()));
        env.put("BRISK_CHANGE_FEED_MS", Integer.toString(cluster.changeFeedMillis()));
        env.put("BRISK_ALLOW_OPEN", Boolean.toString(security.allowOpen()));
        env.put("BRISK_ADMIN_KEY", security.adminKey());
        env.put("BRISK_RATE_LIMIT_READ", Integer.toString(security.rateLimitRead()));
        env.put("BRISK_RATE_LIMIT_WRITE", Integer.toString(security.rateLimitWrite()));
        env.put("BRISK_RATE_LIMIT_ADMIN", Integer.toString(security.rateLimitAdmin()));
        env.put("BRISK_CORS_ORIGINS", String.join(",", security.corsOrigins()));
        env.put("BRISK_METRICS_PUBLIC", Boolean.toString(security.metricsPublic()));
        env.put("BRISK_HTTP_IDLE_TIMEOUT_MS", Integer.toString(security.idleTimeoutMillis()));
        env.put("BRISK_MIN_BODY_BYTES_PER_SECOND", Integer.toString(security.minBodyBytesPerSecond()));
        env.put("BRISK_MAX_CONNECTIONS_PER_CLIENT", Integer.toString(security.maxConnectionsPerClient()));
        env.put("BRISK_SERVED_LIST_RETENTION_DAYS", Integer.toString(retention.servedListDays()));
        env.put("BRISK_METRICS_RETENTION_DAYS", Integer.toString(retention.metricDays()));
        env.put("BRISK_PRUNE_INTERVAL_SECONDS", Integer.toString(retention.pruneIntervalSeconds()));
        env.put("BRISK_KAFKA_BOOTSTRAP", kafka.bootstrap());
        env.put("BRISK_KAFKA_TOPIC", kafka.topic());
        env.put("BRISK_KAFKA_GROUP", kafka.group());
        env.put("BRISK_KAFKA_PARTITIONS", Integer.toString(kafka.partitions()));
        env.put("BRISK_KAFKA_TIMEOUT_MS", Integer.toString(kafka.timeoutMillis()));
        return env;
    }

    /** Collects values and problems; every getter returns the default when its value is bad. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();
        private final java.util.Set<String> read = new java.util.HashSet<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        private Optional<String> raw(String name) {
            read.add(name);
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String text(String name, String fallback) {
            return raw(name).orElse(fallback);
        }

        int integer(String name, int fallback, int min, int max) {
            return number(name, fallback, min, max, Integer::parseInt, "a whole number");
        }

        double decimal(String name, double fallback, double min, double max) {
            return number(name, fallback, min, max, Double::parseDouble, "a number");
        }

        private <T extends Comparable<T>> T number(String name, T fallback, T min, T max,
                                                  Function<String, T> parse, String kind) {
            Optional<String> value = raw(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                T parsed = parse.apply(value.get());
                if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                    problems.add(name + " must be from " + min + " to " + max + ", got " + value.get());
                    return fallback;
                }
                return parsed;
            } catch (NumberFormatException e) {
                problems.add(name + " must be " + kind + ", got '" + value.get() + "'");
                return fallback;
            }
        }

        /** A comma-separated list; blanks between commas are dropped. */
        List<String> list(String name) {
            return raw(name).map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim)
                    .filter(x -> !x.isEmpty()).toList()).orElse(List.of());
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> value = raw(name);
            if (value.isEmpty()) {
                return fallback;
            }
            switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off":
                    return false;
                default:
                    problems.add(name + " must be true or false, got '" + value.get() + "'");
                    return fallback;
            }
        }

        /** The built-in types and those a comma-separated list declares. */
        EventTypes eventTypes(String name) {
            List<String> names = list(name);
            List<String> bad = EventTypes.problems(names);
            if (!bad.isEmpty()) {
                problems.add(name + " must list new type names like star,share: " + String.join("; ", bad));
                return EventTypes.BUILT_IN;
            }
            return EventTypes.declaring(names);
        }

        /** Weights by type, {@code type=weight} or {@code type:weight}, for the types of {@code types}. */
        FeedbackWeights weights(String name, EventTypes types) {
            Map<EventType, Double> overrides = new HashMap<>();
            for (String pair : list(name)) {
                String[] parts = pair.split("[=:]", 2);
                Optional<EventType> type = parts.length == 2 ? types.fromWire(parts[0]) : Optional.empty();
                Double weight = parts.length == 2 ? finite(parts[1].trim()) : null;
                if (type.isEmpty() || weight == null) {
                    problems.add(name + " must be a list like view=1,click=2 (or star:3) of finite numbers for types"
                            + " from " + types.wireNames() + "; '" + pair + "' is not");
                } else {
                    overrides.put(type.get(), weight);
                }
            }
            return FeedbackWeights.of(types, overrides);
        }

        private static Double finite(String text) {
            try {
                double value = Double.parseDouble(text);
                return Double.isFinite(value) ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
