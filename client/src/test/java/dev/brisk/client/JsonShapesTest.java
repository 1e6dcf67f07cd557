package dev.brisk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records read and write the service's wire shapes (snake_case, lower-case event types, ISO instants). */
class JsonShapesTest {

    @Test
    void anEventIsWrittenAsTheServiceReadsIt() throws Exception {
        Event event = Event.rating("u42", "i17", 4.5).withTimestamp(Instant.parse("2024-05-01T12:00:00Z"))
                .withSessionId("s-9").withRecommendationId("r-1").withMetadata(Map.of("page", "home"));
        JsonNode wire = Json.MAPPER.readTree(Json.write(event));
        assertThat(wire.path("user_id").asText()).isEqualTo("u42");
        assertThat(wire.path("item_id").asText()).isEqualTo("i17");
        assertThat(wire.path("event_type").asText()).isEqualTo("rating");
        assertThat(wire.path("rating").asDouble()).isEqualTo(4.5);
        assertThat(wire.path("timestamp").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(wire.path("session_id").asText()).isEqualTo("s-9");
        assertThat(wire.path("recommendation_id").asText()).isEqualTo("r-1");
        assertThat(wire.path("metadata").path("page").asText()).isEqualTo("home");
        assertThat(wire.path("event_id").asText()).hasSize(36);
        assertThat(wire.has("source")).as("absent fields are left out: %s", wire).isFalse();
    }

    @Test
    void everyEventHasItsIdBeforeItIsSentAndKeepsIt() {
        Event event = Event.of("u1", "i1", EventType.ADD_TO_CART);
        assertThat(event.eventId()).isNotBlank();
        assertThat(event.identified()).isSameAs(event);
        assertThat(Event.of("u1", "i1", EventType.VIEW).eventId()).isNotEqualTo(event.eventId());
        Event withoutId = event.withEventId(null);
        assertThat(withoutId.identified().eventId()).isNotBlank();
        assertThat(EventType.ADD_TO_CART.wireName()).isEqualTo("add_to_cart");
    }

    @Test
    void aListIsReadFromTheDocumentedExample() throws Exception {
        String example = """
                {"request_id": "d4646ce3-df1b-450a-8be3-0340e3597773", "user_id": "u42", "model": "popular",
                 "model_version": "2024-05-01T12:00:00Z", "cached": false, "cold_start": false, "took_ms": 1.9,
                 "items": [{"rank": 1, "item_id": "i565", "title": "Hidden Front", "genres": ["War", "Drama"],
                 "score": 86.63, "explanation": "Popular in Drama this week", "reason": "popular", "because_of": []}],
                 "experiment": {"id": "homepage-ranking", "variant": "treatment", "model": "als"},
                 "a_field_of_a_newer_service": 1}""";
        RecommendationList list = Json.read(Json.MAPPER.readTree(example), RecommendationList.class);
        assertThat(list.requestId()).isEqualTo("d4646ce3-df1b-450a-8be3-0340e3597773");
        assertThat(list.tookMs()).isEqualTo(1.9);
        assertThat(list.items()).singleElement().satisfies(item -> {
            assertThat(item.itemId()).isEqualTo("i565");
            assertThat(item.genres()).containsExactly("War", "Drama");
            assertThat(item.becauseOf()).isEmpty();
        });
        assertThat(list.experiment().variant()).isEqualTo("treatment");
    }

    @Test
    void namesTheJavaCannotSpellAreMapped() throws Exception {
        ModelStatus model = Json.read(Json.MAPPER.readTree("""
                {"type": "als", "state": "ready", "default": true, "trained_at": "2024-05-01T12:00:00Z",
                 "training_ms": 42}"""), ModelStatus.class);
        assertThat(model.isDefault()).isTrue();
        assertThat(model.trainedAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(model.trainingMs()).isEqualTo(42L);
        Realtime.Rate rate = Json.read(Json.MAPPER.readTree("""
                {"per_second_1m": 1.5, "per_second_5m": 0.5, "total": 9, "last_60_seconds": [1, 2]}"""),
                Realtime.Rate.class);
        assertThat(rate.perSecond1m()).isEqualTo(1.5);
        assertThat(rate.perSecond5m()).isEqualTo(0.5);
        assertThat(rate.last60Seconds()).containsExactly(1L, 2L);
    }

    @Test
    void streamedResultsAddUpWithIndexesInTheWholeStream() {
        IngestResult first = new IngestResult("partial", 2, 1,
                java.util.List.of(new EventRejection(1, "bad", java.util.List.of())), java.util.List.of(), null);
        IngestResult second = new IngestResult("partial", 3, 0,
                java.util.List.of(new EventRejection(0, "worse", java.util.List.of())), java.util.List.of(), null);
        IngestResult total = IngestResult.empty().plus(first, 0).plus(second, 4);
        assertThat(total.accepted()).isEqualTo(5);
        assertThat(total.duplicates()).isEqualTo(1);
        assertThat(total.status()).isEqualTo("partial");
        assertThat(total.rejected()).extracting(EventRejection::index).containsExactly(1, 4);
    }

    @Test
    void anEventTypeIsAnyLowercaseNameWithConstantsForTheBuiltIns() throws Exception {
        assertThat(EventType.of("share").wireName()).isEqualTo("share");
        assertThat(EventType.of(" Add_To_Cart ")).isEqualTo(EventType.ADD_TO_CART);
        JsonNode wire = Json.MAPPER.readTree(Json.write(Event.of("u1", "i1", EventType.of("star"))));
        assertThat(wire.path("event_type").asText()).isEqualTo("star");
        assertThat(Json.MAPPER.readValue("\"star\"", EventType.class)).isEqualTo(EventType.of("star"));
        for (String bad : new String[] {"", "1star", "sh are", "share!", "a".repeat(33)}) {
            assertThatThrownBy(() -> EventType.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("event type");
        }
    }

    @Test
    void aPatchSendsOnlyItsFieldsAndNullsForRemovals() throws Exception {
        JsonNode wire = Json.MAPPER.readTree(Json.writeKeepingNulls(ItemPatch.create().labels(List.of("sale"))
                .property("price", 2.49).removeProperty("colour").body()));
        assertThat(wire.size()).as("%s", wire).isEqualTo(2);
        assertThat(wire.path("labels").get(0).asText()).isEqualTo("sale");
        assertThat(wire.path("properties").path("price").asDouble()).isEqualTo(2.49);
        assertThat(wire.path("properties").has("colour")).isTrue();
        assertThat(wire.path("properties").path("colour").isNull()).isTrue();
        assertThat(Json.MAPPER.readTree(Json.writeKeepingNulls(ItemPatch.create().clearProperties().body()))
                .path("properties").isNull()).isTrue();
        assertThatThrownBy(() -> ItemPatch.create().property("colour", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemPropertiesKeepTheirTypes() throws Exception {
        Item item = Json.read(Json.MAPPER.readTree("""
                {"item_id": "i17", "title": "The Iron Line", "genres": [], "labels": ["staff pick"],
                 "properties": {"year": 2021, "price": 3.99, "language": "en", "new": true},
                 "created_at": "2024-05-01T12:00:00Z", "active": true}"""), Item.class);
        assertThat(item.labels()).containsExactly("staff pick");
        assertThat(item.properties()).containsEntry("year", 2021).containsEntry("price", 3.99)
                .containsEntry("language", "en").containsEntry("new", true);
    }
}
