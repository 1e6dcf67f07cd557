package dev.brisk.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the clients of the system Brisk replaces send: integer ids, {@code rate} for a rating,
 * timestamps without an offset, {@code metadata} objects, no {@code source}.
 */
class SeedInputsTest {
    private static final long NOW = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();

    private final EventValidator web = new EventValidator("web", EventTypes.BUILT_IN);

    private static Map<String, Object> seedEvent() {
        Map<String, Object> m = new HashMap<>();
        m.put("user_id", 1001);
        m.put("item_id", 42);
        m.put("event_type", "rate");
        m.put("rating", 4.5);
        m.put("session_id", "demo-session");
        m.put("timestamp", "2025-06-01T11:59:58.123456");
        m.put("metadata", Map.of("page", "home", "position", 3));
        return m;
    }

    @Test
    void theSeedsEventIsAcceptedAsARatingWithItsMetadata() {
        Validated<Event> v = web.validate(seedEvent(), NOW);
        assertThat(v.problems()).isEmpty();
        Event e = v.value();
        assertThat(e.userId()).isEqualTo("1001");
        assertThat(e.itemId()).isEqualTo("42");
        assertThat(e.type()).isEqualTo(EventType.RATING);
        assertThat(e.rating()).isEqualTo(4.5);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-06-01T11:59:58.123Z").toEpochMilli());
        assertThat(e.metadata()).containsEntry("page", "home").containsEntry("position", 3);
        assertThat(e.source()).as("the default source").isEqualTo("web");
        assertThat(e.withSessionId("other").metadata()).as("kept by copies").isEqualTo(e.metadata());
    }

    @Test
    void rateIsTheSeedsNameOfRating() {
        assertThat(EventTypes.BUILT_IN.fromWire("rate")).contains(EventType.RATING);
        assertThat(EventTypes.BUILT_IN.fromWire(" RATE ")).contains(EventType.RATING);
        assertThat(EventType.RATING.seedName()).isEqualTo("rate");
        assertThat(EventType.VIEW.seedName()).isEqualTo("view");
        Map<String, Object> noRating = seedEvent();
        noRating.remove("rating");
        assertThat(web.validate(noRating, NOW).problems()).extracting(Problem::field).containsExactly("rating");
    }

    @Test
    void aGivenSourceIsKeptAndTheDefaultIsOnlyTheValidatorsChoice() {
        Map<String, Object> input = seedEvent();
        input.put("source", "mobile");
        assertThat(web.validate(input, NOW).value().source()).isEqualTo("mobile");
        assertThat(new EventValidator().validate(seedEvent(), NOW).value().source()).isNull();
    }

    @Test
    void metadataMustBeAnObjectOfBoundedSize() {
        for (Object bad : List.of("page=home", 5, List.of("a"), true)) {
            Map<String, Object> input = seedEvent();
            input.put("metadata", bad);
            assertThat(web.validate(input, NOW).problems()).as("metadata %s", bad)
                    .extracting(Problem::field).containsExactly("metadata");
        }
        Map<String, Object> big = new LinkedHashMap<>();
        big.put("text", "x".repeat(EventValidator.MAX_METADATA_SIZE));
        Map<String, Object> input = seedEvent();
        input.put("metadata", big);
        assertThat(web.validate(input, NOW).problems()).extracting(Problem::field).containsExactly("metadata");

        Map<String, Object> nested = new HashMap<>();
        nested.put("tags", List.of("a", "b"));
        nested.put("ref", null);
        nested.put("inner", Map.of("k", 1.5));
        input.put("metadata", nested);
        assertThat(web.validate(input, NOW).value().metadata()).containsEntry("ref", null).containsKey("inner");
    }

    @Test
    void aLocalDateTimeIsUtcButASpaceSeparatedOneIsStillRefused() {
        assertThat(EventValidator.parseTimestamp("2025-06-01T12:00:00")).isEqualTo(NOW);
        assertThat(EventValidator.parseTimestamp("2025-06-01 12:00:00")).isNull();
        assertThat(EventValidator.parseTimestamp("2025-06-01")).isNull();
    }
}
