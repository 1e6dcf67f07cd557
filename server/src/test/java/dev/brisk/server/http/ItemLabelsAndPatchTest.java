package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.catalog.Attributes;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item labels and typed properties (a number stays a number, a boolean a boolean), and
 * {@code PATCH /items/{id}}: only the given fields change, a property set to null goes, an unknown
 * item is 404, and a bad change is refused whole, leaving the item as it was.
 */
class ItemLabelsAndPatchTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void labelsAndPropertyTypesComeBackAsSent() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("year", 1999);
        properties.put("price", 12.5);
        properties.put("in_stock", true);
        properties.put("language", "en");
        properties.put("big", 9_007_199_254_740_993L);
        JsonNode item = service.put("/items/typed-1", Map.of("title", "Typed", "labels", List.of("staff pick", " new "),
                "properties", properties)).expect(201);
        assertThat(item.path("labels").toString()).isEqualTo("[\"staff pick\",\"new\"]");
        JsonNode read = service.get("/items/typed-1").expect(200);
        assertThat(read).isEqualTo(item);
        JsonNode p = read.path("properties");
        assertThat(p.path("year").isIntegralNumber()).as(p.toString()).isTrue();
        assertThat(p.path("year").asLong()).isEqualTo(1999);
        assertThat(p.path("price").isDouble()).isTrue();
        assertThat(p.path("price").asDouble()).isEqualTo(12.5);
        assertThat(p.path("in_stock").isBoolean()).isTrue();
        assertThat(p.path("language").isTextual()).isTrue();
        assertThat(p.path("big").asLong()).isEqualTo(9_007_199_254_740_993L);

        JsonNode many = service.post("/items", List.of(Map.of("item_id", "typed-2", "labels", List.of("a", "b"),
                "properties", Map.of("rank", 3)))).expect(200);
        assertThat(many.path("stored").asInt()).isEqualTo(1);
        JsonNode second = service.get("/items/typed-2").expect(200);
        assertThat(second.path("labels").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(second.path("properties").path("rank").isIntegralNumber()).isTrue();
    }

    @Test
    void badLabelsAndPropertiesAreRefusedAndNothingIsStored() {
        List<Object> badLabels = List.of(
                Collections.nCopies(Attributes.MAX_LABELS + 1, "x"),
                List.of("y".repeat(Attributes.MAX_LABEL_LENGTH + 1)),
                List.of(""),
                List.of(7),
                List.of("tab\tinside"),
                "not-a-list");
        for (Object labels : badLabels) {
            String json = "{\"labels\":" + TestService.json(labels) + "}";
            JsonNode error = service.put("/items/refused-labels", json).assertError(400).error();
            assertThat(error.path("details").path("problems").toString()).as(json).contains("labels");
        }
        for (String properties : List.of("{\"n\":[1]}", "{\"n\":{\"a\":1}}", "{\"n\":1e400}",
                "{\"n\":123456789012345678901234567890}", "[1]")) {
            service.put("/items/refused-labels", "{\"properties\":" + properties + "}").assertError(400);
        }
        service.get("/items/refused-labels").assertError(404);

        service.post("/items", "[{\"item_id\":\"fine\"},{\"item_id\":\"bad\",\"labels\":[\"\"]}]").assertError(400);
        service.get("/items/fine").assertError(404);
    }

    @Test
    void patchChangesOnlyTheGivenFields() {
        service.put("/items/patched", Map.of("title", "Before", "genres", List.of("Drama"), "labels", List.of("old"),
                "properties", Map.of("year", 2001, "language", "en", "colour", "red"))).expect(201);
        JsonNode before = service.get("/items/patched").expect(200);

        Map<String, Object> properties = new HashMap<>();
        properties.put("year", 2002);
        properties.put("colour", null);
        properties.put("rating", 4.5);
        JsonNode after = service.send("PATCH", "/items/patched", Map.of("labels", List.of("new", "sale"),
                "properties", properties), "application/json").expect(200);
        assertThat(after.path("title").asText()).isEqualTo("Before");
        assertThat(after.path("genres").toString()).isEqualTo("[\"Drama\"]");
        assertThat(after.path("labels").toString()).isEqualTo("[\"new\",\"sale\"]");
        assertThat(after.path("properties").path("year").asInt()).isEqualTo(2002);
        assertThat(after.path("properties").path("year").isIntegralNumber()).isTrue();
        assertThat(after.path("properties").path("language").asText()).isEqualTo("en");
        assertThat(after.path("properties").has("colour")).as("a property set to null is removed").isFalse();
        assertThat(after.path("properties").path("rating").asDouble()).isEqualTo(4.5);
        assertThat(after.path("created_at")).isEqualTo(before.path("created_at"));
        assertThat(after.path("active").asBoolean()).isTrue();
        assertThat(service.get("/items/patched").expect(200)).isEqualTo(after);

        JsonNode retitled = service.send("PATCH", "/items/patched", "{\"title\":\"After\",\"active\":false}",
                "application/json").expect(200);
        assertThat(retitled.path("title").asText()).isEqualTo("After");
        assertThat(retitled.path("active").asBoolean()).isFalse();
        assertThat(retitled.path("labels")).isEqualTo(after.path("labels"));
        assertThat(retitled.path("properties")).isEqualTo(after.path("properties"));

        JsonNode cleared = service.send("PATCH", "/items/patched", "{\"labels\":null,\"properties\":null}",
                "application/json").expect(200);
        assertThat(cleared.path("labels").size()).isZero();
        assertThat(cleared.path("properties").size()).isZero();
        assertThat(cleared.path("title").asText()).isEqualTo("After");
    }

    @Test
    void aPatchOfAnUnknownItemIs404AndCreatesNothing() {
        service.send("PATCH", "/items/never-made", "{\"title\":\"Ghost\"}", "application/json").assertError(404);
        service.get("/items/never-made").assertError(404);
    }

    @Test
    void aBadPatchIsRefusedWholeAndTheItemStaysAsItWas() {
        service.put("/items/steady", Map.of("title", "Steady", "labels", List.of("keep"),
                "properties", Map.of("year", 1990))).expect(201);
        JsonNode before = service.get("/items/steady").expect(200);
        String tooMany = TestService.json(Collections.nCopies(Attributes.MAX_LABELS + 1, "x"));
        for (String body : List.of(
                "{\"title\":\"New\",\"labels\":" + tooMany + "}",
                "{\"title\":\"New\",\"properties\":{\"year\":[1]}}",
                "{\"title\":\"New\",\"colour\":\"red\"}",
                "{\"title\":\"New\",\"item_id\":\"other\"}",
                "{\"title\":\"New\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
                "{\"title\":\"New\",\"active\":\"yes\"}",
                "{\"title\":\"\"}",
                "[{\"title\":\"New\"}]",
                "not json")) {
            service.send("PATCH", "/items/steady", body, "application/json").assertError(400);
        }
        service.send("PATCH", "/items/steady", "{\"title\":\"New\"}", "text/plain").assertError(415);
        service.send("PATCH", "/items/steady", "{\"title\":\"New\"}", null).assertError(415);
        assertThat(service.get("/items/steady").expect(200)).isEqualTo(before);
    }
}
