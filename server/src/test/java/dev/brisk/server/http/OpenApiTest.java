package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.app.Brisk;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} is the truth about the API: it documents exactly the routes that
 * {@link Api} registered, every query parameter it documents is accepted (and nothing else is),
 * its bounds are the served bounds, its examples are valid requests, the answers have the
 * documented fields, and {@code /docs} shows it with a Swagger UI served locally.
 */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    /**
     * The routes that do not check their query string (the Swagger UI page and its script,
     * which are not part of the JSON API). Every other route refuses unknown parameters.
     */
    private static final Set<String> LENIENT = Set.of("GET /docs", "GET /docs/init.js");
    /**
     * The routes that answer from memory alone (the catalog, the served models, counters, the
     * cache with its in-memory fallback): they cannot be unavailable. Every other route documents 503.
     */
    private static final Set<String> ANSWERED_FROM_MEMORY = Set.of("GET /health", "GET /openapi.json", "GET /docs",
            "GET /docs/init.js", "GET /access", "GET /metrics", "GET /metrics/realtime", "GET /events/recent",
            "GET /latest", "GET /items/{id}", "GET /items/{id}/similar", "GET /movies/{id}", "GET /movies/{id}/similar",
            "GET /cache/stats", "DELETE /cache", "DELETE /cache/users/{id}", "POST /cache/invalidate/{id}",
            "GET /models", "GET /learning/stats", "GET /simulator", "POST /simulator/start", "POST /simulator/stop",
            "GET /experiments", "GET /experiments/{id}", "GET /users/{id}/experiment-group");
    private static final String UNDOCUMENTED = "undocumented_parameter";
    /** The service requires keys, as a deployed one does: every request of this test carries this admin key. */
    private static final String ADMIN_KEY = "openapi-test-admin-key-0123456789";

    @TempDir
    static Path tempDir;
    static TestService brisk;
    static HttpClient client;
    static String base;
    static JsonNode doc;

    @BeforeAll
    static void start() {
        brisk = TestService.start(tempDir, false, Map.of("BRISK_METRICS_SNAPSHOT_SECONDS", "1",
                "BRISK_ADMIN_KEY", ADMIN_KEY));
        base = "http://127.0.0.1:" + brisk.port();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Reply openApi = send("GET", "/openapi.json", null, null);
        assertThat(openApi.status()).as("GET /openapi.json: %s", openApi.text()).isEqualTo(200);
        doc = openApi.json();
        seed();
    }

    @AfterAll
    static void stop() {
        if (brisk != null) {
            brisk.close();
        }
    }

    /**
     * The user and item of the document's examples exist, with a little history around them and a
     * model trained on it, so that reads about them answer 200 with lists that are not empty.
     */
    private static void seed() {
        String item = pathExample("/items/{id}", "get", "id");
        String user = pathExample("/users/{id}/profile", "get", "id");
        String erasable = pathExample("/events/{event_id}", "delete", "event_id");
        for (String id : List.of(item, "other-item")) {
            Reply put = send("PUT", "/items/" + encode(id), "{\"title\":\"Seed " + id + "\",\"genres\":[\"Drama\"]}",
                    "application/json");
            assertThat(put.status()).as(put.text()).isEqualTo(201);
        }
        String events = """
                [{"user_id":"%1$s","item_id":"%2$s","event_type":"view","session_id":"s1","source":"test"},
                 {"user_id":"other-user","item_id":"%2$s","event_type":"view","event_id":"%3$s"},
                 {"user_id":"%1$s","item_id":"%2$s","event_type":"rating","rating":4.5,"session_id":"s1"},
                 {"user_id":"other-user","item_id":"%2$s","event_type":"click"},
                 {"user_id":"other-user","item_id":"other-item","event_type":"purchase"}]
                """.formatted(user, item, erasable);
        Reply stored = send("POST", "/events", events, "application/json");
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        assertThat(stored.json().path("accepted").asInt()).isEqualTo(5);
        // Popularity answers the lists, ALS the similar users.
        for (String type : List.of("popular", "als")) {
            assertThat(send("POST", "/models/" + type + "/train", null, null).status()).isEqualTo(202);
            awaitTrue("the " + type + " model trained on the seeded events", () -> {
                for (JsonNode m : send("GET", "/models", null, null).json().path("models")) {
                    if (m.path("type").asText().equals(type)) {
                        return m.path("state").asText().equals("ready") && m.path("interactions").asInt() >= 4;
                    }
                }
                return false;
            });
        }
        String history = "GET /metrics/history";
        JsonNode historyOperation = operations().get(history);
        awaitTrue("a stored metrics snapshot", () -> send("GET", url(history, historyOperation,
                requiredQuery(history, historyOperation)), null, null).json().path("points").size() > 0);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // (a)

    @Test
    void openApiJsonIsAnOpenApi3Document() {
        Reply r = send("GET", "/openapi.json", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json()).as("valid JSON: %s", r.text()).isNotNull();
        assertThat(r.json().isObject()).isTrue();
        assertThat(r.json().path("openapi").asText()).startsWith("3.");
        assertThat(r.json().path("info").path("title").asText()).isEqualTo("Brisk");
        assertThat(r.json().path("info").path("version").asText()).isEqualTo("0.1.0");
        assertThat(r.json().path("info").path("description").asText()).isNotBlank();
        assertThat(r.json().path("paths").isObject()).isTrue();
    }

    @Test
    void everyReferenceResolvesAndEveryOperationIsComplete() {
        List<String> problems = new ArrayList<>();
        collectRefs(doc, "#", problems);
        Set<String> tags = new TreeSet<>();
        doc.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertThat(tags).contains("events", "recommendations", "users", "items", "cache", "metrics", "models",
                "analytics", "docs");
        operations().forEach((route, operation) -> {
            if (operation.path("tags").isEmpty()) {
                problems.add(route + " has no tag");
            }
            operation.path("tags").forEach(t -> {
                if (!tags.contains(t.asText())) {
                    problems.add(route + " uses the undeclared tag " + t.asText());
                }
            });
            boolean success = false;
            for (Iterator<String> it = operation.path("responses").fieldNames(); it.hasNext(); ) {
                success |= it.next().startsWith("2");
            }
            if (!success) {
                problems.add(route + " documents no success response");
            }
            for (JsonNode p : parameters(route, operation)) {
                if (!p.has("schema") || !p.has("example")) {
                    problems.add(route + " parameter " + p.path("name").asText() + " lacks a schema or an example");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    // (b)

    @Test
    void documentsExactlyTheServedRoutes() {
        Set<String> served = brisk.brisk().routes().stream().map(r -> r.method().toUpperCase(Locale.ROOT) + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>(operations().keySet());

        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertThat(undocumented).as("routes served but missing from openapi.json").isEmpty();
        assertThat(notServed).as("routes in openapi.json that the service does not serve").isEmpty();
    }

    // (c)

    @Test
    void everyDocumentedQueryParameterOfAGetRouteIsAccepted() {
        List<String> refused = new ArrayList<>();
        operations().forEach((route, operation) -> {
            if (!route.startsWith("GET ")) {
                return;
            }
            for (JsonNode p : queryParameters(route, operation)) {
                String name = p.path("name").asText();
                Map<String, String> query = requiredQuery(route, operation);
                query.put(name, exampleText(p));
                Reply r = send("GET", url(route, operation, query), null, null);
                if (r.status() == 400 || r.status() >= 500) {
                    refused.add(route + " with " + name + "=" + query.get(name) + " -> " + r.status() + " " + r.text());
                }
            }
        });
        assertThat(refused).as("documented parameters, set to their example, that the service refused").isEmpty();
    }

    @Test
    void anUndocumentedQueryParameterIsRefused() {
        List<String> accepted = new ArrayList<>();
        operations().forEach((route, operation) -> {
            if (LENIENT.contains(route)) {
                return;
            }
            Map<String, String> query = requiredQuery(route, operation);
            query.put(UNDOCUMENTED, "1");
            String method = route.substring(0, route.indexOf(' '));
            // Unknown parameters are refused before anything else, so no body is needed and nothing changes.
            Reply r = send(method, url(route, operation, query), null, null);
            boolean refused = r.status() == 400 && r.json() != null
                    && r.json().path("error").path("code").asText().equals("invalid_input")
                    && r.json().path("error").path("details").path("unknown").toString().contains(UNDOCUMENTED);
            if (!refused) {
                accepted.add(route + " -> " + r.status() + " " + abbreviate(r.text()));
            }
        });
        assertThat(accepted).as("routes that did not refuse the undocumented parameter " + UNDOCUMENTED).isEmpty();
    }

    @Test
    void documentedIntegerBoundsAreTheServedBounds() {
        List<String> problems = new ArrayList<>();
        operations().forEach((route, operation) -> {
            if (!route.startsWith("GET ")) {
                return;
            }
            for (JsonNode p : queryParameters(route, operation)) {
                JsonNode schema = resolve(p.path("schema"));
                if (!schema.path("type").asText().equals("integer")) {
                    continue;
                }
                String name = p.path("name").asText();
                assertThat(schema.has("minimum") && schema.has("maximum") && schema.has("default"))
                        .as("%s %s documents minimum, maximum and default", route, name).isTrue();
                long min = schema.path("minimum").asLong();
                long max = schema.path("maximum").asLong();
                Map<Long, Boolean> cases = new LinkedHashMap<>();
                cases.put(min, true);
                cases.put(max, true);
                cases.put(min - 1, false);
                cases.put(max + 1, false);
                cases.forEach((value, ok) -> {
                    Map<String, String> query = requiredQuery(route, operation);
                    query.put(name, Long.toString(value));
                    int status = send("GET", url(route, operation, query), null, null).status();
                    if ((status == 400) == ok) {
                        problems.add(route + " " + name + "=" + value + (ok ? " is within" : " is outside")
                                + " the documented bounds " + min + ".." + max + " but answered " + status);
                    }
                });
            }
        });
        assertThat(problems).as("documented bounds that the service does not apply").isEmpty();
    }

    // Responses: the examples of the document are valid requests, answered with the documented fields.

    @Test
    void everyOperationAnswersItsExampleRequestAsDocumented() {
        Map<String, JsonNode> all = operations();
        List<String> order = new ArrayList<>();
        // Writes first (changes after creations), then reads, then the operations that remove or deactivate something.
        all.keySet().stream().filter(r -> r.startsWith("PUT ") || r.startsWith("POST ") || r.startsWith("PATCH "))
                .forEach(order::add);
        all.keySet().stream().filter(r -> r.startsWith("GET ")).forEach(order::add);
        all.keySet().stream().filter(r -> r.startsWith("DELETE ")).forEach(order::add);
        List<String> problems = new ArrayList<>();
        String createdKey = null;
        for (String route : order) {
            JsonNode operation = all.get(route);
            String method = route.substring(0, route.indexOf(' '));
            String body = null;
            String contentType = null;
            JsonNode content = operation.path("requestBody").path("content").path("application/json");
            if (!content.isMissingNode()) {
                body = Json.write(requestExample(content));
                contentType = "application/json";
            }
            if (route.equals("POST /events")) {
                brisk.brisk().flushRecommendationLogs();
            }
            String target = url(route, operation, requiredQuery(route, operation));
            if (route.equals("DELETE /keys/{id}") && createdKey != null) {
                target = "/keys/" + createdKey; // the example's id names no key of this service
            }
            Reply r = send(method, target, body, contentType);
            if (route.equals("POST /keys") && r.json() != null) {
                createdKey = r.json().path("id").asText(null);
            }
            String status = Integer.toString(r.status());
            if (!status.startsWith("2")) {
                problems.add(route + " answered its example with " + r.status() + " " + abbreviate(r.text()));
                continue;
            }
            JsonNode response = operation.path("responses").path(status);
            if (response.isMissingNode()) {
                problems.add(route + " answered " + status + ", which is not documented");
                continue;
            }
            response = resolve(response);
            Iterator<String> types = response.path("content").fieldNames();
            String documentedType = types.hasNext() ? types.next() : "";
            if (!r.contentType().startsWith(documentedType)) {
                problems.add(route + " answered " + r.contentType() + ", documented " + documentedType);
            }
            if (documentedType.equals("application/json")) {
                JsonNode schema = response.path("content").path("application/json").path("schema");
                if (r.json() == null) {
                    problems.add(route + " answered no JSON: " + abbreviate(r.text()));
                } else {
                    conform(r.json(), schema, route, problems);
                }
            }
        }
        assertThat(problems).as("answers that differ from the document").isEmpty();
    }

    /**
     * Every answer an operation documents with a body has an example (in the response or its
     * schema), and a JSON example fits its own schema.
     */
    @Test
    void everySuccessResponseHasAnExampleThatFitsItsSchema() {
        List<String> problems = new ArrayList<>();
        operations().forEach((route, operation) -> operation.path("responses").fields().forEachRemaining(response -> {
            if (!response.getKey().startsWith("2")) {
                return;
            }
            resolve(response.getValue()).path("content").fields().forEachRemaining(content -> {
                JsonNode schema = content.getValue().path("schema");
                JsonNode example = responseExample(content.getValue());
                String where = route + " " + response.getKey() + " " + content.getKey();
                if (example == null) {
                    problems.add(where + " has no example");
                } else if (content.getKey().equals("application/json")) {
                    conform(example, schema, where + " example", problems);
                }
            });
        }));
        assertThat(problems).isEmpty();
    }

    /**
     * Every operation documents the errors it can give: 400 where it checks its input (every route
     * but the lenient ones refuses an unknown parameter); 401, 403 and 429 where a key is needed
     * (and its documented role is the served one); 413 and 415 where it takes a body; 404 where an
     * unknown id in its path is answered so; 503 unless it answers from memory alone (the database,
     * the ingest queue or a model that is not trained yet can make it unavailable). The 401, 415
     * and 404 are asked for, not assumed.
     */
    @Test
    void everyOperationDocumentsTheErrorsItCanGive() {
        Map<String, String> servedRoles = new LinkedHashMap<>();
        brisk.brisk().routes().forEach(r -> servedRoles.put(r.method().toUpperCase(Locale.ROOT) + " " + r.path(),
                r.role().name().toLowerCase(Locale.ROOT)));
        List<String> problems = new ArrayList<>();
        operations().forEach((route, operation) -> {
            JsonNode responses = operation.path("responses");
            String method = route.substring(0, route.indexOf(' '));
            Map<String, String> query = requiredQuery(route, operation);
            List<String> needed = new ArrayList<>();
            if (!LENIENT.contains(route)) {
                needed.add("400");
            }
            String role = servedRoles.getOrDefault(route, "public");
            if (!role.equals(operation.path("x-brisk-role").asText("public"))) {
                problems.add(route + " documents the role " + operation.path("x-brisk-role").asText("public")
                        + " but needs " + role);
            }
            if (!role.equals("public")) {
                needed.addAll(List.of("401", "403", "429"));
                Reply anonymous = sendWithoutKey(method, url(route, operation, query));
                if (anonymous.status() != 401) {
                    problems.add(route + " answered " + anonymous.status() + " without a key, not 401");
                }
            }
            if (operation.has("requestBody")) {
                needed.addAll(List.of("413", "415"));
                Reply text = send(method, url(route, operation, query), "x", "text/plain");
                if (text.status() != 415) {
                    problems.add(route + " answered " + text.status() + " to a text/plain body, not 415");
                }
            }
            if (!route.startsWith("PUT ") && route.contains("{")) {
                String body = operation.has("requestBody") ? "{}" : null;
                Reply unknown = send(method, unknownIdUrl(route, query), body, body == null ? null : "application/json");
                if (unknown.status() == 404) {
                    needed.add("404");
                }
            }
            if (!ANSWERED_FROM_MEMORY.contains(route)) {
                needed.add("503");
            } else if (responses.has("503") && !route.equals("GET /ready")) {
                problems.add(route + " answers from memory alone but documents 503");
            }
            for (String status : needed) {
                if (!responses.has(status)) {
                    problems.add(route + " does not document " + status);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void errorsHaveTheDocumentedErrorShape() {
        List<String> problems = new ArrayList<>();
        JsonNode error = doc.path("components").path("schemas").path("Error");
        conform(send("GET", "/items/no-such-item", null, null).json(), error, "404", problems);
        conform(send("GET", "/recommend", null, null).json(), error, "400", problems);
        conform(send("POST", "/health", null, null).json(), error, "405", problems);
        conform(send("POST", "/events", "x", "text/plain").json(), error, "415", problems);
        assertThat(problems).isEmpty();
    }

    // (d)

    @Test
    void docsPageLoadsSwaggerUiFromThisService() {
        Reply page = send("GET", "/docs", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        Matcher bundle = Pattern.compile("src=\"([^\"]*swagger-ui-bundle\\.js)\"").matcher(page.text());
        assertThat(bundle.find()).as("a swagger-ui-bundle script in %s", page.text()).isTrue();

        Reply script = send("GET", bundle.group(1), null, null);
        assertThat(script.status()).as(bundle.group(1)).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        assertThat(script.text()).contains("SwaggerUIBundle");

        Matcher init = Pattern.compile("src=\"(/docs/[^\"]+\\.js)\"").matcher(page.text());
        assertThat(init.find()).as("the start script in %s", page.text()).isTrue();
        Reply start = send("GET", init.group(1), null, null);
        assertThat(start.status()).isEqualTo(200);
        assertThat(start.text()).contains("/openapi.json");
    }

    // The document

    /** "METHOD /path" → operation, for every operation of the document. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                out.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
        return out;
    }

    /** The parameters of an operation and of its path item, references resolved. */
    private static List<JsonNode> parameters(String route, JsonNode operation) {
        String path = route.substring(route.indexOf(' ') + 1);
        List<JsonNode> out = new ArrayList<>();
        doc.path("paths").path(path).path("parameters").forEach(p -> out.add(resolve(p)));
        operation.path("parameters").forEach(p -> out.add(resolve(p)));
        return out;
    }

    private static List<JsonNode> queryParameters(String route, JsonNode operation) {
        return parameters(route, operation).stream().filter(p -> p.path("in").asText().equals("query")).toList();
    }

    /** The required query parameters of an operation, each set to its example. */
    private static Map<String, String> requiredQuery(String route, JsonNode operation) {
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode p : queryParameters(route, operation)) {
            if (p.path("required").asBoolean(false)) {
                query.put(p.path("name").asText(), exampleText(p));
            }
        }
        return query;
    }

    private static String pathExample(String path, String method, String name) {
        return parameters(method.toUpperCase(Locale.ROOT) + " " + path, doc.path("paths").path(path).path(method)).stream()
                .filter(p -> p.path("in").asText().equals("path") && p.path("name").asText().equals(name))
                .map(OpenApiTest::exampleText).findFirst().orElseThrow();
    }

    /** The URL of a route: path parameters replaced by their examples, then the query. */
    private static String url(String route, JsonNode operation, Map<String, String> query) {
        String path = route.substring(route.indexOf(' ') + 1);
        for (JsonNode p : parameters(route, operation)) {
            if (p.path("in").asText().equals("path")) {
                path = path.replace("{" + p.path("name").asText() + "}", encode(exampleText(p)));
            }
        }
        assertThat(path).as("every path parameter of %s is documented", route).doesNotContain("{");
        if (query.isEmpty()) {
            return path;
        }
        return path + "?" + query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** A parameter's example as it goes in a URL (an array comma-separated, as style form without explode). */
    private static String exampleText(JsonNode parameter) {
        JsonNode schema = resolve(parameter.path("schema"));
        JsonNode example = parameter.has("example") ? parameter.get("example")
                : schema.has("example") ? schema.get("example")
                : schema.has("default") ? schema.get("default")
                : schema.path("enum").path(0);
        assertThat(example.isMissingNode()).as("an example for parameter %s", parameter.path("name").asText()).isFalse();
        if (example.isArray()) {
            List<String> parts = new ArrayList<>();
            example.forEach(e -> parts.add(e.asText()));
            return String.join(",", parts);
        }
        return example.asText();
    }

    /** A response's example: its own, its first named one, or its schema's; null when there is none. */
    private static JsonNode responseExample(JsonNode content) {
        if (content.has("example")) {
            return content.get("example");
        }
        if (content.has("examples") && content.get("examples").size() > 0) {
            return resolve(content.get("examples").elements().next()).path("value");
        }
        JsonNode schema = resolve(content.path("schema"));
        return schema.has("example") ? schema.get("example") : null;
    }

    /** The URL of a route with every path parameter naming nothing that exists. */
    private static String unknownIdUrl(String route, Map<String, String> query) {
        String url = url(route, operations().get(route), query);
        String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "no-such-thing-404");
        int q = url.indexOf('?');
        return q < 0 ? path : path + url.substring(q);
    }

    private static JsonNode requestExample(JsonNode content) {
        if (content.has("example")) {
            return content.get("example");
        }
        if (content.has("examples")) {
            return resolve(content.get("examples").elements().next()).path("value");
        }
        JsonNode schema = resolve(content.path("schema"));
        assertThat(schema.has("example")).as("an example request body in %s", content).isTrue();
        return schema.get("example");
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 20 && current.has("$ref"); i++) {
            String ref = current.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            current = doc.at(ref.substring(1));
            assertThat(current.isMissingNode()).as("the reference %s", ref).isFalse();
        }
        return current;
    }

    private static void collectRefs(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || doc.at(ref.asText().substring(1)).isMissingNode())) {
                problems.add(where + " refers to the missing " + ref.asText());
            }
            node.fields().forEachRemaining(e -> collectRefs(e.getValue(), where + "/" + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectRefs(node.get(i), where + "/" + i, problems);
            }
        }
    }

    /**
     * Checks a JSON value against the part of OpenAPI schemas that this document uses: types,
     * enums, nullable, required and documented properties (a field the schema does not name is a
     * problem unless additionalProperties allows it), array items, allOf and oneOf.
     */
    private static void conform(JsonNode value, JsonNode schemaOrRef, String where, List<String> problems) {
        JsonNode schema = resolve(schemaOrRef);
        if (value == null || value.isMissingNode()) {
            problems.add(where + ": no value");
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(where + " is null, which the schema does not allow");
            }
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            conform(value, part, where, problems);
        }
        if (schema.has("oneOf")) {
            int matches = 0;
            List<String> first = null;
            for (JsonNode option : schema.get("oneOf")) {
                List<String> optionProblems = new ArrayList<>();
                conform(value, option, where, optionProblems);
                matches += optionProblems.isEmpty() ? 1 : 0;
                first = first == null ? optionProblems : first;
            }
            if (matches == 0) {
                problems.add(where + " matches none of its oneOf schemas, e.g. " + first);
            }
        }
        JsonNode enumeration = schema.get("enum");
        if (enumeration != null) {
            boolean listed = false;
            for (JsonNode e : enumeration) {
                listed |= e.equals(value);
            }
            if (!listed) {
                problems.add(where + " = " + value + " is not one of " + enumeration);
            }
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + " should be an object: " + abbreviate(value.toString()));
                    return;
                }
                JsonNode properties = schema.path("properties");
                schema.path("required").forEach(r -> {
                    if (!value.has(r.asText())) {
                        problems.add(where + " lacks the required field " + r.asText());
                    }
                });
                JsonNode additional = schema.path("additionalProperties");
                value.fields().forEachRemaining(field -> {
                    String at = where + "." + field.getKey();
                    if (properties.has(field.getKey())) {
                        conform(field.getValue(), properties.get(field.getKey()), at, problems);
                    } else if (additional.isObject()) {
                        conform(field.getValue(), additional, at, problems);
                    } else if (!(additional.isBoolean() && additional.asBoolean()) && properties.size() > 0) {
                        problems.add(at + " is not documented");
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + " should be an array: " + abbreviate(value.toString()));
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    conform(value.get(i), schema.path("items"), where + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + " should be a string: " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + " should be an integer: " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + " should be a number: " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + " should be a boolean: " + value);
                }
            }
            default -> {
                // No type: anything (or constrained by allOf / oneOf above).
            }
        }
    }

    // HTTP

    private record Reply(int status, String contentType, String text, JsonNode json) {
    }

    private static Reply sendWithoutKey(String method, String pathAndQuery) {
        return send(method, pathAndQuery, null, null, false);
    }

    private static Reply send(String method, String pathAndQuery, String body, String contentType) {
        return send(method, pathAndQuery, body, contentType, true);
    }

    private static Reply send(String method, String pathAndQuery, String body, String contentType, boolean withKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (withKey) {
            request.header("Authorization", "Bearer " + ADMIN_KEY);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
