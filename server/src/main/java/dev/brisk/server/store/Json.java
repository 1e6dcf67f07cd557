package dev.brisk.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import java.util.Map;

/** The one JSON configuration of the process: Jackson, configured once, shared read-only. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** The type of a decoded JSON object. */
    public static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() { };

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode as JSON: " + e.getMessage(), e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Stored JSON is unreadable: " + e.getMessage(), e);
        }
    }

    public static Map<String, String> readStringMap(String json) {
        return json == null || json.isBlank() ? Map.of() : read(json, new TypeReference<>() { });
    }

    public static Map<String, Object> readObjectMap(String json) {
        return json == null || json.isBlank() ? Map.of() : read(json, MAP_TYPE);
    }

    public static List<String> readStringList(String json) {
        return json == null || json.isBlank() ? List.of() : read(json, new TypeReference<>() { });
    }

    public static Map<String, Double> readDoubleMap(String json) {
        return json == null || json.isBlank() ? Map.of() : read(json, new TypeReference<>() { });
    }
}
