package dev.brisk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventValidator;
import dev.brisk.core.event.Validated;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What {@code POST /events} does with a body before the ingest queue, the way
 * {@code EventRoutes} does it: parse the JSON tree, turn each object into a map, validate it.
 * One event (the smallest request), one rating with every field, and a batch of 1,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventValidationBenchmark {
    private static final int BATCH = 1_000;
    private static final long NOW = DemoFixture.NOW;

    private final EventValidator validator = new EventValidator();
    private byte[] minimalEvent;
    private byte[] fullEvent;
    private byte[] batch;
    private Map<String, Object> decodedFullEvent;

    @Setup
    public void setUp() throws IOException {
        minimalEvent = "{\"user_id\":\"u42\",\"item_id\":\"i17\",\"event_type\":\"view\"}".getBytes(StandardCharsets.UTF_8);
        fullEvent = ("{\"event_id\":\"e-5f0c2a\",\"user_id\":\"u42\",\"item_id\":\"i17\",\"event_type\":\"rating\","
                + "\"rating\":4.5,\"timestamp\":\"2024-12-31T12:00:00Z\",\"session_id\":\"s-u42-7\","
                + "\"source\":\"web\",\"recommendation_id\":\"3b8e1f0a-0d7c-4c1e-9a55-1f6f2b7c9d10\"}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder body = new StringBuilder("[");
        String[] types = {"view", "view", "view", "click", "add_to_cart", "purchase", "like", "impression"};
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"event_id\":\"b-").append(i).append("\",\"user_id\":\"u").append(1 + i % 500)
                    .append("\",\"item_id\":\"i").append(1 + (i * 7) % 1200).append("\",\"event_type\":\"")
                    .append(types[i % types.length]).append("\",\"timestamp\":").append(NOW - i * 1000L).append('}');
        }
        batch = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
        decodedFullEvent = Json.MAPPER.convertValue(Json.MAPPER.readTree(fullEvent), Json.MAP_TYPE);
    }

    @Benchmark
    public Validated<Event> parseAndValidateMinimal() throws IOException {
        return validate(Json.MAPPER.readTree(minimalEvent));
    }

    @Benchmark
    public Validated<Event> parseAndValidateFull() throws IOException {
        return validate(Json.MAPPER.readTree(fullEvent));
    }

    /** Only the rules, on an already decoded object. */
    @Benchmark
    public Validated<Event> validateDecodedFull() {
        return validator.validate(decodedFullEvent, NOW);
    }

    /** A batch request of 1,000 events; divide by 1,000 for the cost per event. */
    @Benchmark
    public List<Event> parseAndValidateBatchOf1000() throws IOException {
        JsonNode root = Json.MAPPER.readTree(batch);
        List<Event> valid = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            Validated<Event> v = validate(node);
            if (v.isValid()) {
                valid.add(v.value());
            }
        }
        return valid;
    }

    private Validated<Event> validate(JsonNode node) {
        return validator.validate(Json.MAPPER.convertValue(node, Json.MAP_TYPE), NOW);
    }
}
