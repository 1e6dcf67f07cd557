package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event object of a request body is turned into the map the validator reads by one walk of the
 * parsed tree; the map is the one Jackson's own conversion makes, value for value and type for type.
 */
class PlainEventObjectTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"user_id\":\"u1\",\"item_id\":\"i1\",\"event_type\":\"view\"}",
        "{\"user_id\":\"ü 1\",\"item_id\":\"i\\\"1\",\"event_type\":\"rating\",\"rating\":4.5,\"timestamp\":1790000000000}",
        "{\"user_id\":7,\"item_id\":12345678901,\"rating\":5,\"timestamp\":\"2026-11-02T10:00:00Z\",\"x\":1e3}",
        "{\"user_id\":\"u\",\"big\":123456789012345678901234567890,\"neg\":-0.0,\"t\":true,\"f\":false,\"n\":null}",
        "{\"metadata\":{\"page\":\"home\",\"tags\":[\"a\",1,2.5,null,{\"deep\":[[]]}],\"ok\":true},\"session_id\":\"s\"}",
        "{}"
    })
    void theMapIsTheOneJacksonsConversionMakes(String body) throws Exception {
        JsonNode node = Json.MAPPER.readTree(body);
        Map<String, Object> expected = Json.MAPPER.convertValue(node, Json.MAP_TYPE);
        Map<String, Object> plain = EventRoutes.plainObject(node);
        assertThat(plain).isEqualTo(expected);
        assertThat(Json.write(plain)).isEqualTo(Json.write(expected));
        expected.forEach((field, value) -> assertThat(plain.get(field) == null ? null : plain.get(field).getClass())
                .as(field).isEqualTo(value == null ? null : value.getClass()));
        assertThat(plain.keySet()).containsExactlyElementsOf(expected.keySet());
    }
}
