package dev.brisk.server.client;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brisk.client.BriskClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Java client covers every operation of the API description the service serves: each one is
 * either called by the client method named in {@link #CALLS} (a public method that exists, checked
 * here) or left out for the reason given in {@link #EXCLUDED}. A new route fails this test until it
 * is given a client call or a reason. {@code ClientRoundTripTest} runs the calls against a service.
 */
class ClientCoverageTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /** Each operation, as "METHOD path", and the client call that makes it ("family.method"). */
    static final Map<String, String> CALLS = Map.ofEntries(
            entry("POST /events", "events.send"),
            entry("GET /events/recent", "events.recent"),
            entry("DELETE /events/{event_id}", "events.erase"),
            entry("GET /recommend", "recommendations.forUser"),
            entry("POST /recommend/session", "recommendations.forSession"),
            entry("GET /popular", "recommendations.popular"),
            entry("GET /latest", "recommendations.latest"),
            entry("GET /items/{id}/similar", "recommendations.similarItems"),
            entry("POST /compare-models", "recommendations.compareModels"),
            entry("GET /users", "users.search"),
            entry("GET /users/{id}", "users.get"),
            entry("PUT /users/{id}", "users.put"),
            entry("DELETE /users/{id}", "users.erase"),
            entry("GET /users/{id}/similar", "users.similar"),
            entry("GET /users/{id}/profile", "users.profile"),
            entry("GET /users/{id}/activity", "users.activity"),
            entry("GET /users/{id}/sessions", "users.sessions"),
            entry("GET /users/{id}/explain", "users.explain"),
            entry("GET /users/{id}/experiment-group", "users.experimentGroup"),
            entry("GET /items", "items.list"),
            entry("POST /items", "items.putAll"),
            entry("GET /items/{id}", "items.get"),
            entry("PUT /items/{id}", "items.put"),
            entry("PATCH /items/{id}", "items.patch"),
            entry("DELETE /items/{id}", "items.deactivate"),
            entry("GET /items/{id}/activity", "items.activity"),
            entry("GET /cache/stats", "cache.stats"),
            entry("DELETE /cache/users/{id}", "cache.dropUser"),
            entry("DELETE /cache", "cache.clear"),
            entry("GET /health", "monitoring.health"),
            entry("GET /ready", "monitoring.ready"),
            entry("GET /metrics/realtime", "monitoring.realtime"),
            entry("GET /metrics/history", "monitoring.history"),
            entry("GET /metrics", "monitoring.prometheus"),
            entry("GET /analytics/engagement", "monitoring.engagement"),
            entry("GET /models", "models.list"),
            entry("POST /models/{type}/train", "models.train"),
            entry("POST /learning/trigger-update", "models.trainAll"),
            entry("GET /learning/stats", "models.learningStats"),
            entry("GET /models/history", "models.history"),
            entry("GET /experiments", "experiments.list"),
            entry("POST /experiments", "experiments.start"),
            entry("GET /experiments/{id}", "experiments.get"),
            entry("POST /experiments/{id}/stop", "experiments.stop"),
            entry("GET /experiments/{id}/results", "experiments.results"),
            entry("GET /experiments/{id}/timeline", "experiments.timeline"),
            entry("POST /keys", "keys.create"),
            entry("GET /keys", "keys.list"),
            entry("DELETE /keys/{id}", "keys.revoke"),
            entry("GET /access", "keys.access"));

    /** Operations the client leaves out, and why. */
    static final Map<String, String> EXCLUDED = Map.ofEntries(
            entry("GET /openapi.json", "the API description itself, for tools, not for an application"),
            entry("GET /docs", "an HTML page for people"),
            entry("GET /docs/init.js", "a script of the documentation page"),
            entry("GET /simulator", "the demo crowd simulator, driven from the dashboard"),
            entry("POST /simulator/start", "the demo crowd simulator, driven from the dashboard"),
            entry("POST /simulator/stop", "the demo crowd simulator, driven from the dashboard"),
            entry("POST /recommend", "the replaced system's shape of GET /recommend: recommendations.forUser"),
            entry("GET /movies/{id}", "GET /items/{id} with the id repeated as movie_id: items.get"),
            entry("GET /movies/{id}/similar", "GET /items/{id}/similar renamed: recommendations.similarItems"),
            entry("POST /cache/invalidate/{id}", "the same as DELETE /cache/users/{id}: cache.dropUser"));

    @Test
    void everyOperationIsCalledByTheClientOrExcludedWithAReason() {
        Set<String> documented = operations();
        List<String> missing = new ArrayList<>();
        for (String operation : documented) {
            if (!CALLS.containsKey(operation) && !EXCLUDED.containsKey(operation)) {
                missing.add(operation);
            }
        }
        assertThat(missing).as("operations without a client call (add one, and a row to CALLS) or a reason in EXCLUDED")
                .isEmpty();
        assertThat(CALLS.keySet()).as("operations both called and excluded").doesNotContainAnyElementsOf(EXCLUDED.keySet());
        assertThat(EXCLUDED.keySet()).as("exclusions of operations the service does not have").isSubsetOf(documented);
        assertThat(CALLS.keySet()).as("client calls of operations the service does not have").isSubsetOf(documented);
    }

    @Test
    void everyCallOfTheTableIsAPublicMethodOfTheClient() {
        assertThat(CALLS.values()).allSatisfy(call -> assertThat(exists(call)).as("client call %s", call).isTrue());
        assertThat(exists("items.nothing")).as("the check itself finds a missing method").isFalse();
        assertThat(exists("nothing.get")).isFalse();
    }

    private static Set<String> operations() {
        try (InputStream in = ClientCoverageTest.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("openapi.json on the class path").isNotNull();
            JsonNode paths = new ObjectMapper().readTree(in).path("paths");
            Set<String> operations = new TreeSet<>();
            paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }));
            assertThat(operations).as("operations read from openapi.json").hasSizeGreaterThan(40);
            return operations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether "family.method" names a public method of the object {@code BriskClient.family()} returns. */
    private static boolean exists(String call) {
        String[] parts = call.split("\\.");
        try {
            Method family = BriskClient.class.getMethod(parts[0]);
            return Arrays.stream(family.getReturnType().getMethods())
                    .anyMatch(m -> m.getName().equals(parts[1]) && Modifier.isPublic(m.getModifiers())
                            && m.getDeclaringClass() == family.getReturnType());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
