package dev.brisk.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {
    private static final long NOW = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
    private static final long DAY = 24L * 3600 * 1000;

    private final EventValidator validator = new EventValidator();

    /** A valid view event; HashMap so that tests may put nulls and remove keys. */
    private static Map<String, Object> view() {
        Map<String, Object> m = new HashMap<>();
        m.put("user_id", "u1");
        m.put("item_id", "i1");
        m.put("event_type", "view");
        return m;
    }

    private static Map<String, Object> rating(Object value) {
        Map<String, Object> m = view();
        m.put("event_type", "rating");
        m.put("rating", value);
        return m;
    }

    private Validated<Event> validate(Map<String, Object> input) {
        return validator.validate(input, NOW);
    }

    private static List<String> fields(Validated<?> v) {
        return v.problems().stream().map(Problem::field).toList();
    }

    private Event valid(Map<String, Object> input) {
        Validated<Event> v = validate(input);
        assertThat(v.problems()).as("problems of %s", input).isEmpty();
        assertThat(v.isValid()).isTrue();
        return v.value();
    }

    private void assertOnlyProblemOn(Map<String, Object> input, String field) {
        Validated<Event> v = validate(input);
        assertThat(v.isValid()).as("valid: %s", input).isFalse();
        assertThat(v.value()).isNull();
        assertThat(fields(v)).containsExactly(field);
    }

    // --- the happy path ---------------------------------------------------------------------

    @Test
    void minimalEventIsAcceptedWithDefaults() {
        Event e = valid(view());
        assertThat(e.userId()).isEqualTo("u1");
        assertThat(e.itemId()).isEqualTo("i1");
        assertThat(e.type()).isEqualTo(EventType.VIEW);
        assertThat(e.hasRating()).isFalse();
        assertThat(e.rating()).isNaN();
        assertThat(e.timestamp()).isEqualTo(NOW);
        assertThat(e.eventId()).isNull();
        assertThat(e.sessionId()).isNull();
        assertThat(e.source()).isNull();
        assertThat(e.recommendationId()).isNull();
    }

    @Test
    void timestampDefaultsToTheGivenNow() {
        assertThat(validator.validate(view(), NOW + 12_345).value().timestamp()).isEqualTo(NOW + 12_345);
    }

    @ParameterizedTest
    @MethodSource("dev.brisk.core.event.EventTypeTest#builtIns")
    void everyEventTypeIsAccepted(EventType type) {
        Map<String, Object> input = view();
        input.put("event_type", type.wireName());
        if (type == EventType.RATING) {
            input.put("rating", 3.0);
        }
        assertThat(valid(input).type()).isEqualTo(type);
    }

    @Test
    void eventTypeIsCaseInsensitive() {
        Map<String, Object> input = view();
        input.put("event_type", "Add_To_Cart");
        assertThat(valid(input).type()).isEqualTo(EventType.ADD_TO_CART);
    }

    @Test
    void optionalFieldsAreKept() {
        Map<String, Object> input = view();
        input.put("event_id", "e-1");
        input.put("session_id", "s-1");
        input.put("source", "homepage");
        input.put("recommendation_id", 77);
        Event e = valid(input);
        assertThat(e.eventId()).isEqualTo("e-1");
        assertThat(e.sessionId()).isEqualTo("s-1");
        assertThat(e.source()).isEqualTo("homepage");
        assertThat(e.recommendationId()).isEqualTo("77");
    }

    // --- required fields ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "item_id", "event_type"})
    void missingRequiredFieldIsReported(String field) {
        Map<String, Object> input = view();
        input.remove(field);
        assertOnlyProblemOn(input, field);
        assertThat(validate(input).problems().get(0).message()).contains("required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "item_id", "event_type"})
    void explicitNullRequiredFieldIsReported(String field) {
        Map<String, Object> input = view();
        input.put(field, null);
        assertOnlyProblemOn(input, field);
    }

    @Test
    void unknownEventTypeIsRejectedListingTheKnownOnes() {
        Map<String, Object> input = view();
        input.put("event_type", "share");
        assertOnlyProblemOn(input, "event_type");
        String message = validate(input).problems().get(0).message();
        assertThat(message).contains("share").contains("view").contains("impression");
    }

    @Test
    void nonStringEventTypeIsRejected() {
        Map<String, Object> input = view();
        input.put("event_type", 1);
        assertOnlyProblemOn(input, "event_type");
    }

    // --- ids ------------------------------------------------------------------------------------

    @Test
    void integralNumbersAsIdsAreKeptAsDecimalText() {
        Map<String, Object> input = view();
        input.put("user_id", 42);
        input.put("item_id", 42.0);
        Event e = valid(input);
        assertThat(e.userId()).isEqualTo("42");
        assertThat(e.itemId()).isEqualTo("42");
    }

    @Test
    void otherIntegralNumberKindsAsIds() {
        Map<String, Object> input = view();
        input.put("user_id", 12_345_678_901_234L);
        input.put("item_id", new BigDecimal("42.000"));
        input.put("event_id", new BigInteger("98765432109876543210"));
        input.put("session_id", 7.0f);
        Event e = valid(input);
        assertThat(e.userId()).isEqualTo("12345678901234");
        assertThat(e.itemId()).isEqualTo("42");
        assertThat(e.eventId()).isEqualTo("98765432109876543210");
        assertThat(e.sessionId()).isEqualTo("7");
    }

    @Test
    void fractionalNumbersAsIdsAreRejected() {
        Map<String, Object> input = view();
        input.put("user_id", 4.5);
        assertOnlyProblemOn(input, "user_id");
        input.put("user_id", new BigDecimal("4.5"));
        assertOnlyProblemOn(input, "user_id");
        input.put("user_id", Double.NaN);
        assertOnlyProblemOn(input, "user_id");
    }

    @Test
    void nonStringNonNumberIdsAreRejected() {
        Map<String, Object> input = view();
        input.put("item_id", true);
        assertOnlyProblemOn(input, "item_id");
        input.put("item_id", List.of("i1"));
        assertOnlyProblemOn(input, "item_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a\nb", "tab\there", "nul\u0000", "del\u007f"})
    void emptyBlankOrControlCharacterIdsAreRejected(String id) {
        Map<String, Object> input = view();
        input.put("user_id", id);
        assertOnlyProblemOn(input, "user_id");
    }

    @Test
    void idsOfAtMost128CharactersAreAcceptedAndLongerRejected() {
        Map<String, Object> input = view();
        input.put("item_id", "x".repeat(128));
        assertThat(valid(input).itemId()).hasSize(128);
        input.put("item_id", "x".repeat(129));
        assertOnlyProblemOn(input, "item_id");
        assertThat(validate(input).problems().get(0).message()).contains("128");
    }

    /**
     * A JSON integer too big for a long reaches the validator as a BigInteger (Jackson's default);
     * its decimal text is the id, so it must obey the same 128-character limit as a string id.
     */
    @Test
    void numericIdsLongerThan128DigitsAreRejected() {
        Map<String, Object> input = view();
        input.put("user_id", new BigInteger("1".repeat(129)));
        assertOnlyProblemOn(input, "user_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "session_id", "source", "recommendation_id"})
    void optionalIdsFollowTheIdRules(String field) {
        Map<String, Object> input = view();
        input.put(field, "");
        assertOnlyProblemOn(input, field);
        input.put(field, "y".repeat(129));
        assertOnlyProblemOn(input, field);
        input.put(field, "bad\u0001id");
        assertOnlyProblemOn(input, field);
        input.put(field, 1.5);
        assertOnlyProblemOn(input, field);
        input.put(field, 9.0);
        assertThat(validate(input).isValid()).isTrue();
        input.put(field, null);
        assertThat(validate(input).isValid()).isTrue();
    }

    // --- rating ---------------------------------------------------------------------------------

    @Test
    void ratingIsRequiredForRatingEvents() {
        Map<String, Object> input = view();
        input.put("event_type", "rating");
        assertOnlyProblemOn(input, "rating");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.5, 4.5, 5.0})
    void ratingsWithinBoundsAreAccepted(double value) {
        Event e = valid(rating(value));
        assertThat(e.hasRating()).isTrue();
        assertThat(e.rating()).isEqualTo(value);
    }

    @Test
    void integerRatingIsAccepted() {
        assertThat(valid(rating(4)).rating()).isEqualTo(4.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.49, 5.01, 6.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void ratingsOutOfBoundsAreRejected(double value) {
        assertOnlyProblemOn(rating(value), "rating");
    }

    @Test
    void nonNumericRatingIsRejected() {
        assertOnlyProblemOn(rating("4"), "rating");
        assertOnlyProblemOn(rating(true), "rating");
    }

    @ParameterizedTest
    @MethodSource("dev.brisk.core.event.EventTypeTest#builtInsButRating")
    void ratingIsRejectedOnOtherTypes(EventType type) {
        Map<String, Object> input = view();
        input.put("event_type", type.wireName());
        input.put("rating", 4.0);
        assertOnlyProblemOn(input, "rating");
        assertThat(validate(input).problems().get(0).message()).contains(type.wireName());
    }

    // --- timestamp ------------------------------------------------------------------------------

    private Event withTimestamp(Object raw) {
        Map<String, Object> input = view();
        input.put("timestamp", raw);
        return valid(input);
    }

    private void assertTimestampRejected(Object raw) {
        Map<String, Object> input = view();
        input.put("timestamp", raw);
        assertOnlyProblemOn(input, "timestamp");
    }

    @Test
    void isoTimestampsInZuluAndOffsetForms() {
        long expected = Instant.parse("2025-05-01T12:00:00Z").toEpochMilli();
        assertThat(withTimestamp("2025-05-01T12:00:00Z").timestamp()).isEqualTo(expected);
        assertThat(withTimestamp("2025-05-01T14:00:00+02:00").timestamp()).isEqualTo(expected);
        assertThat(withTimestamp("2025-05-01T07:00:00-05:00").timestamp()).isEqualTo(expected);
        assertThat(withTimestamp("2025-05-01T12:00:00.250Z").timestamp()).isEqualTo(expected + 250);
    }

    @Test
    void epochMillisAsNumberOrDigitString() {
        long millis = NOW - 3_600_000L;
        assertThat(withTimestamp(millis).timestamp()).isEqualTo(millis);
        assertThat(withTimestamp((double) millis).timestamp()).isEqualTo(millis);
        assertThat(withTimestamp(Long.toString(millis)).timestamp()).isEqualTo(millis);
    }

    @Test
    void unparseableTimestampsAreRejected() {
        assertTimestampRejected("yesterday");
        assertTimestampRejected("2025-05-01 12:00:00");
        assertTimestampRejected("");
        assertTimestampRejected(1.7e12 + 0.5);
        assertTimestampRejected(true);
    }

    private String timestampProblem(Object raw) {
        Map<String, Object> input = view();
        input.put("timestamp", raw);
        assertOnlyProblemOn(input, "timestamp");
        return validate(input).problems().get(0).message();
    }

    @Test
    void historicalTimestampsFrom1970OnAreAccepted() {
        long ml100k = Instant.parse("1997-09-20T03:05:10Z").toEpochMilli();
        assertThat(withTimestamp(ml100k).timestamp()).isEqualTo(ml100k);
        assertThat(withTimestamp(Long.toString(ml100k)).timestamp()).isEqualTo(ml100k);
        assertThat(withTimestamp("1997-09-20T03:05:10Z").timestamp()).isEqualTo(ml100k);
        assertThat(withTimestamp("1997-09-20T03:05:10").timestamp()).isEqualTo(ml100k);
        assertThat(withTimestamp("1970-01-01T00:00:00Z").timestamp()).isZero();
        assertThat(withTimestamp("1972-06-01T00:00:00+02:00").timestamp())
                .isEqualTo(Instant.parse("1972-05-31T22:00:00Z").toEpochMilli());
        assertThat(withTimestamp(EventValidator.SECONDS_BELOW).timestamp()).isEqualTo(EventValidator.SECONDS_BELOW);
    }

    @Test
    void timestampsBefore1970AreRejected() {
        assertThat(timestampProblem("1969-12-31T23:59:59Z")).contains("before 1970-01-01");
        assertThat(timestampProblem(-1)).contains("before 1970-01-01");
    }

    @Test
    void numbersThatLookLikeSecondsAreRejectedWithAHint() {
        long seconds = NOW / 1000;
        assertThat(timestampProblem(seconds))
                .contains("looks like seconds; send epoch milliseconds")
                .contains(Long.toString(seconds * 1000));
        assertThat(timestampProblem(Long.toString(seconds))).contains("looks like seconds");
        assertThat(timestampProblem((double) seconds)).contains("looks like seconds");
        assertThat(timestampProblem(0)).contains("looks like seconds");
        assertThat(timestampProblem(EventValidator.SECONDS_BELOW - 1)).contains("looks like seconds");
    }

    @Test
    void timestampsMoreThanADayInTheFutureAreRejected() {
        assertThat(withTimestamp(NOW + DAY).timestamp()).isEqualTo(NOW + DAY);
        assertThat(withTimestamp(NOW + 3_600_000L).timestamp()).isEqualTo(NOW + 3_600_000L);
        assertTimestampRejected(NOW + DAY + 1);
        assertTimestampRejected(Instant.ofEpochMilli(NOW + 2 * DAY).toString());
    }

    @Test
    void parseTimestampDirectly() {
        assertThat(EventValidator.parseTimestamp("1717243200000")).isEqualTo(1_717_243_200_000L);
        assertThat(EventValidator.parseTimestamp(" 2024-06-01T12:00:00Z ")).isEqualTo(1_717_243_200_000L);
        assertThat(EventValidator.parseTimestamp(1_717_243_200_000L)).isEqualTo(1_717_243_200_000L);
        assertThat(EventValidator.parseTimestamp("not a time")).isNull();
        assertThat(EventValidator.parseTimestamp("   ")).isNull();
        assertThat(EventValidator.parseTimestamp(null)).isNull();
        assertThat(EventValidator.parseTimestamp(12.5)).isNull();
    }

    // --- unknown fields and several problems ----------------------------------------------------

    @Test
    void unknownFieldsAreRejectedByName() {
        Map<String, Object> input = view();
        input.put("userId", "u1");
        input.put("extra", 1);
        Validated<Event> v = validate(input);
        assertThat(v.isValid()).isFalse();
        assertThat(v.problems()).hasSize(1);
        assertThat(v.problems().get(0).field()).contains("userId").contains("extra");
        assertThat(v.problems().get(0).message()).contains("user_id");
    }

    @Test
    void allProblemsOfOneInputAreReportedTogether() {
        Map<String, Object> input = new HashMap<>();
        input.put("item_id", "");
        input.put("event_type", "rating");
        input.put("rating", 9);
        input.put("timestamp", "soon");
        input.put("colour", "red");
        Validated<Event> v = validate(input);
        assertThat(v.isValid()).isFalse();
        assertThat(fields(v)).containsExactlyInAnyOrder("colour", "user_id", "item_id", "rating", "timestamp");
        assertThat(v.summary()).contains("user_id: ").contains("item_id: ").contains("rating: ")
                .contains("timestamp: ").contains("colour: ").contains("; ");
    }

    @Test
    void threeProblemsAtOnce() {
        Map<String, Object> input = view();
        input.remove("user_id");
        input.put("event_type", "nope");
        input.put("timestamp", 5L);
        Validated<Event> v = validate(input);
        assertThat(fields(v)).containsExactlyInAnyOrder("user_id", "event_type", "timestamp");
        assertThat(v.problems()).hasSize(3);
        assertThat(v.value()).isNull();
    }

    @Test
    void aDeclaredTypeIsAcceptedAndAnUnknownOneIsRefusedNamingTheAcceptedTypes() {
        EventValidator declaring = new EventValidator(null, EventTypes.declaring(java.util.List.of("star")));
        Map<String, Object> input = view();
        input.put("event_type", "STAR");
        assertThat(declaring.validate(input, NOW).value().type().wireName()).isEqualTo("star");
        input.put("rating", 4.0);
        assertThat(declaring.validate(input, NOW).problems()).singleElement().extracting(Problem::field).isEqualTo("rating");
        input.remove("rating");
        input.put("event_type", "share");
        assertThat(declaring.validate(input, NOW).problems()).singleElement().asString()
                .contains("unknown type 'share'").contains("impression, star");
        input.put("event_type", "star");
        assertThat(validate(input).problems()).singleElement().asString().contains("unknown type 'star'");
    }
}
