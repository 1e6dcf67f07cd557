package dev.brisk.server.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An event survives the trip through a Kafka record whole; a record that holds no event is refused. */
class EventCodecTest {

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("page", "home");
        metadata.put("position", 3);
        metadata.put("tags", List.of("a", "b"));
        metadata.put("none", null);
        Event rating = new Event("e-1", "u1", "i9", EventType.RATING, 4.5, 1_700_000_000_123L, "s1", "app", "rec-7",
                metadata);
        Event view = new Event("e-2", "u1", "i9", EventType.VIEW, Double.NaN, 1_700_000_000_124L, null, "web", null);

        assertThat(EventCodec.decode(EventCodec.encode(rating), EventTypes.BUILT_IN)).isEqualTo(rating);
        Event decodedView = EventCodec.decode(EventCodec.encode(view), EventTypes.BUILT_IN);
        assertThat(decodedView.hasRating()).isFalse();
        assertThat(decodedView.withEventId("x")).isEqualTo(view.withEventId("x"));
        assertThat(new String(EventCodec.encode(view), StandardCharsets.UTF_8))
                .contains("\"event_type\":\"view\"").contains("\"user_id\":\"u1\"");
    }

    @Test
    void aRecordWithoutAnEventIsRefused() {
        for (String value : List.of("not json", "{\"user_id\":\"u1\",\"item_id\":\"i1\",\"timestamp\":1}",
                "{\"item_id\":\"i1\",\"event_type\":\"view\",\"timestamp\":1}", "{\"user_id\":\"u1\",\"item_id\":\"i1\",\"event_type\":\"view\"}")) {
            assertThatThrownBy(() -> EventCodec.decode(value.getBytes(StandardCharsets.UTF_8), EventTypes.BUILT_IN))
                    .as(value).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anAcknowledgedEventOfATypeNoLongerDeclaredIsKeptUnderItsName() {
        Event e = EventCodec.decode(("{\"event_id\":\"e1\",\"user_id\":\"u1\",\"item_id\":\"i1\",\"event_type\":\"star\","
                + "\"timestamp\":1}").getBytes(StandardCharsets.UTF_8), EventTypes.BUILT_IN);
        assertThat(e.type().wireName()).isEqualTo("star");
        assertThat(EventTypes.BUILT_IN.fromWire("star")).as("not an accepted type here").isEmpty();
    }
}
