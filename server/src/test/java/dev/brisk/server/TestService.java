package dev.brisk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.app.Brisk;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.support.SharedServices;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A real Brisk service for HTTP tests: started in this JVM on a free port against a database of
 * its own (a SQLite file in the test's temporary folder), without demo data unless asked, with
 * small helpers that send a request and return the status and the parsed JSON.
 * <p>The database is chosen in one place, {@link #databaseSettings(Path)}: running the suite
 * against PostgreSQL only needs that method to hand out a fresh schema instead of a file.
 */
public final class TestService implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final BriskConfig config;
    /** The schema this helper made for the service (dropped on close); null when the test named the database. */
    private final String ownSchema;
    private Brisk brisk;
    private String base;
    /** Items of the lists answered by {@code /recommend} through this helper, and how many of them are known stored. */
    private final AtomicLong rowsServed = new AtomicLong();
    private volatile long rowsStored;

    private TestService(BriskConfig config, String ownSchema) {
        this.config = config;
        this.ownSchema = ownSchema;
        boot();
    }

    /** A service without demo data, its database in {@code dir}. */
    public static TestService start(Path dir) {
        return start(dir, false, Map.of());
    }

    /** A service with or without the generated demo data. */
    public static TestService start(Path dir, boolean demoData) {
        return start(dir, demoData, Map.of());
    }

    /**
     * A service with some settings ({@code BRISK_*} variables) changed: the one way tests start a
     * service. Settings that name a database or Redis (a shared schema for two instances, a cluster
     * of the test's own) replace the suite's choice.
     */
    public static TestService start(Path dir, boolean demoData, Map<String, String> settings) {
        boolean named = settings.containsKey("BRISK_DB_URL");
        Map<String, String> env = new HashMap<>(named ? Map.of() : databaseSettings(dir));
        env.put("BRISK_PORT", "0");
        env.put("BRISK_HOST", "127.0.0.1");
        env.put("BRISK_DEMO_DATA", Boolean.toString(demoData));
        env.putAll(settings);
        return new TestService(BriskConfig.defaults().with(e -> e.putAll(env)), named ? null : env.get("BRISK_DB_SCHEMA"));
    }

    /** A service on the database (and Redis) its settings name: a shared schema, a cluster of the test's own. */
    public static TestService start(boolean demoData, Map<String, String> settings) {
        if (!settings.containsKey("BRISK_DB_URL")) {
            throw new IllegalArgumentException("name the database (BRISK_DB_URL), or give a folder for the suite's");
        }
        return start(Path.of("."), demoData, settings);
    }

    /**
     * The database of a service whose data lives in {@code dir}: the one place that says which
     * database the tests run on. The settings are computed once per service, so {@link #restart()}
     * finds the same data; for PostgreSQL this returns BRISK_DB_URL, BRISK_DB_USER and a fresh
     * BRISK_DB_SCHEMA (see {@code support.SharedServices}) instead of a file.
     */
    static Map<String, String> databaseSettings(Path dir) {
        if (onPostgres()) {
            // The production pairing: PostgreSQL and Redis, each service on its own schema and key prefix.
            return Map.of("BRISK_DB_URL", SharedServices.POSTGRES_URL, "BRISK_DB_USER", SharedServices.POSTGRES_USER,
                    "BRISK_DB_SCHEMA", SharedServices.freshSchema("http"),
                    "BRISK_REDIS_URL", SharedServices.REDIS_URL, "BRISK_REDIS_PREFIX", SharedServices.freshRedisPrefix("http"));
        }
        return Map.of("BRISK_DB_URL", "jdbc:sqlite:" + dir.resolve("brisk.db"));
    }

    /**
     * Which database this run of the suite uses: the build runs the HTTP suite once on SQLite and
     * once more with {@code -Dbrisk.test.database=postgresql} (see server/pom.xml).
     */
    public static boolean onPostgres() {
        return "postgresql".equals(System.getProperty("brisk.test.database", "sqlite"));
    }

    private void boot() {
        brisk = Brisk.start(config);
        base = "http://127.0.0.1:" + brisk.port();
    }

    /** Stops the service and starts a new one on the same database (and settings). */
    public void restart() {
        brisk.close();
        boot();
    }

    public Brisk brisk() {
        return brisk;
    }

    public BriskConfig config() {
        return config;
    }

    /** The port the dashboard answers on. */
    public int dashboardPort() {
        return brisk.dashboardPort();
    }

    public int port() {
        return brisk.port();
    }

    @Override
    public void close() {
        if (brisk != null) {
            brisk.close();
        }
        if (ownSchema != null) {
            SharedServices.dropSchema(ownSchema);
        }
    }

    /**
     * An answer: the status, the content type, the raw body, the body as JSON (null when it is not
     * JSON) and the Retry-After header (null when there is none).
     */
    public record Response(int status, String contentType, String text, JsonNode json, String retryAfter) {

        /** The {@code error} object of an error answer (a missing node when there is none). */
        public JsonNode error() {
            return json == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : json.path("error");
        }

        /** Fails unless this is an error answer with the given status in the JSON error shape. */
        public Response assertError(int expectedStatus) {
            assertThat(status).as("status of %s", text).isEqualTo(expectedStatus);
            assertThat(json).as("a JSON body: %s", text).isNotNull();
            assertThat(json.path("error").isObject()).as("an error object in %s", text).isTrue();
            assertThat(json.path("error").path("code").isTextual()).as("error.code in %s", text).isTrue();
            assertThat(json.path("error").path("code").asText()).isNotBlank();
            assertThat(json.path("error").path("message").isTextual()).as("error.message in %s", text).isTrue();
            assertThat(json.path("error").path("message").asText()).isNotBlank();
            assertThat(json.path("error").has("details")).as("error.details in %s", text).isTrue();
            return this;
        }

        /** Fails unless the status is the expected one; returns the JSON body. */
        public JsonNode expect(int expectedStatus) {
            assertThat(status).as("status of %s", text).isEqualTo(expectedStatus);
            return json;
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** POSTs a JSON body: a String is sent as it is, anything else is encoded with the service's mapper. */
    public Response post(String path, Object body) {
        return send("POST", path, body, "application/json");
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, "application/json");
    }

    /** Sends any method with any body and content type (null for none). */
    public Response send(String method, String path, Object body, String contentType) {
        return sendRaw(method, path, body, contentType);
    }

    /** Sends a request as it is, without waiting for anything first. */
    public Response sendRaw(String method, String path, Object body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json(body));
        request.method(method, publisher);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                parsed = null;
            }
            if (method.equals("GET") && path.startsWith("/recommend?") && response.statusCode() == 200
                    && parsed != null && parsed.path("items").size() > 0) {
                rowsServed.addAndGet(parsed.path("items").size());
            }
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), parsed, response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An event object as sent on the wire; {@code timestamp} may be null (the service then uses now). */
    public static Map<String, Object> event(String userId, String itemId, String type, Instant timestamp) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("user_id", userId);
        e.put("item_id", itemId);
        e.put("event_type", type);
        if (timestamp != null) {
            e.put("timestamp", timestamp.toString());
        }
        return e;
    }

    /** A copy of an event object with one more field. */
    public static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> e = new LinkedHashMap<>(event);
        e.put(field, value);
        return e;
    }

    /** Stores items {@code prefix1..prefixN} through {@code POST /items}, genres alternating Drama and Comedy. */
    public void putItems(String prefix, int count) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            items.add(Map.of("item_id", prefix + i, "title", "Title " + prefix + i,
                    "genres", List.of(i % 2 == 0 ? "Drama" : "Comedy")));
        }
        Response r = post("/items", items);
        assertThat(r.status()).as("POST /items: %s", r.text()).isEqualTo(200);
    }

    /** Sends events and fails unless all of them were accepted; returns the answer's JSON. */
    public JsonNode sendEvents(Object body) {
        Response r = post("/events", body);
        assertThat(r.status()).as("POST /events: %s", r.text()).isEqualTo(200);
        assertThat(r.json().path("rejected").size()).as("rejections in %s", r.text()).isZero();
        return r.json();
    }

    /** JSON text of a value (maps, lists...), written by the service's own mapper. */
    public static String json(Object value) {
        return Json.write(value);
    }

    /** A query parameter value, URL-encoded. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Calls {@code flushRecommendationLogs()}, then waits (bounded) until {@code /analytics/engagement}
     * counts every item of every list served through this helper: the flush alone returns before
     * the last batch is committed (a bug, pinned down by {@code ServedListLogTest}).
     */
    public void awaitServedListsStored() {
        long served = rowsServed.get();
        if (served == rowsStored) {
            return;
        }
        brisk.flushRecommendationLogs();
        boolean stored = eventually(Duration.ofSeconds(10), () -> storedListItems() >= served);
        assertThat(stored).as("%d served items stored within 10 s", served).isTrue();
        rowsStored = served;
    }

    /** Served items in the served-list log, over every model, as {@code /analytics/engagement} counts them. */
    public long storedListItems() {
        long rows = 0;
        for (JsonNode row : sendRaw("GET", "/analytics/engagement?window=3650d", null, null).expect(200)
                .path("click_through_by_model")) {
            rows += row.path("items_served").asLong();
        }
        return rows;
    }

    /** How many events are stored for a user, counted through {@code /users/{id}/activity}. */
    public int storedEvents(String userId) {
        Response r = get("/users/" + encode(userId).replace("+", "%20") + "/activity?limit=1000");
        assertThat(r.status()).as("activity of %s: %s", userId, r.text()).isEqualTo(200);
        return r.json().path("events").size();
    }

    /** The version of a model shown by {@code GET /models}, or "" when it has none yet. */
    public String modelVersion(String type) {
        for (JsonNode m : get("/models").expect(200).path("models")) {
            if (type.equals(m.path("type").asText())) {
                return m.path("version").asText("");
            }
        }
        return "";
    }

    /** When a model was trained, from {@code GET /models}; null when it has not been trained. */
    public Instant modelTrainedAt(String type) {
        for (JsonNode m : get("/models").expect(200).path("models")) {
            if (type.equals(m.path("type").asText()) && m.hasNonNull("trained_at")) {
                return Instant.parse(m.path("trained_at").asText());
            }
        }
        return null;
    }

    /**
     * Retrains the popularity model through {@code POST /models/popular/train} and waits (bounded)
     * until {@code GET /models} shows a version in state ready from a run that started after the
     * request, so trained on every event acknowledged before it. A run already in progress (the
     * service's own, started before those events were read) may end meanwhile with a newer version
     * that is not the one asked for. Returns the new version.
     */
    public String retrainPopular() {
        Instant before = modelTrainedAt("popular");
        sleepMillis(5); // versions are the training time in milliseconds: make the next one differ
        // A run's training time is when it started, before it read the events: the one asked for starts after this.
        Instant requested = Instant.ofEpochMilli(System.currentTimeMillis());
        Response started = post("/models/popular/train", "");
        assertThat(started.status()).as("train: %s", started.text()).isEqualTo(202);
        boolean retrained = eventually(Duration.ofSeconds(20), () -> {
            Instant now = modelTrainedAt("popular");
            return now != null && !now.isBefore(requested) && (before == null || now.isAfter(before))
                    && "ready".equals(modelState("popular"));
        });
        assertThat(retrained).as("a newer popular model within 20 s; /models says %s", get("/models").text()).isTrue();
        return modelVersion("popular");
    }

    /**
     * Waits (bounded) until every model is ready, none is queued for training, and each was
     * trained on at least {@code interactions} interactions; fails otherwise.
     */
    public void awaitModelsReady(int interactions) {
        boolean ready = eventually(Duration.ofSeconds(60), () -> {
            for (JsonNode m : get("/models").expect(200).path("models")) {
                if (!m.path("state").asText().equals("ready") || m.path("queued").asBoolean()
                        || m.path("interactions").asInt() < interactions) {
                    return false;
                }
            }
            return true;
        });
        assertThat(ready).as("every model trained on %d interactions: %s", interactions, get("/models").text()).isTrue();
    }

    private String modelState(String type) {
        for (JsonNode m : get("/models").expect(200).path("models")) {
            if (type.equals(m.path("type").asText())) {
                return m.path("state").asText();
            }
        }
        return "";
    }

    /** Polls a condition until it holds or the time is up; true when it held. */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) {
        return dev.brisk.server.support.HttpJson.eventually(timeout.toMillis(), condition);
    }

    /** Sleeps, turning an interruption into a failure. */
    public static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
