package dev.brisk.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventTypeTest {

    static List<EventType> builtIns() {
        return EventType.builtIns();
    }

    static List<EventType> builtInsButRating() {
        return EventType.builtIns().stream().filter(t -> t != EventType.RATING).toList();
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void wireNamesRoundTrip(EventType type) {
        assertThat(type.wireName()).isEqualTo(type.wireName().toLowerCase(Locale.ROOT));
        assertThat(EventTypes.BUILT_IN.fromWire(type.wireName())).containsSame(type);
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void parsingIsCaseInsensitiveAndTrims(EventType type) {
        assertThat(EventTypes.BUILT_IN.fromWire(type.wireName().toUpperCase(Locale.ROOT))).containsSame(type);
        assertThat(EventTypes.BUILT_IN.fromWire("  " + type.wireName() + " ")).containsSame(type);
    }

    @Test
    void unknownOrNullNamesParseToEmpty() {
        assertThat(EventTypes.BUILT_IN.fromWire("share")).isEmpty();
        assertThat(EventTypes.BUILT_IN.fromWire("")).isEmpty();
        assertThat(EventTypes.BUILT_IN.fromWire("add-to-cart")).isEmpty();
        assertThat(EventTypes.BUILT_IN.fromWire(null)).isEmpty();
    }

    @Test
    void wireNamesListsEveryType() {
        assertThat(EventTypes.BUILT_IN.wireNames().split(", "))
                .containsExactly(EventType.builtIns().stream().map(EventType::wireName).toArray(String[]::new));
    }

    @Test
    void builtInsHaveTheirOrderAsOrdinals() {
        for (int i = 0; i < EventType.builtIns().size(); i++) {
            assertThat(EventType.builtIns().get(i).ordinal()).isEqualTo(i);
            assertThat(EventType.builtIns().get(i).isBuiltIn()).isTrue();
        }
    }

    @Test
    void impressionIsNotAPreferenceButEveryOtherTypeIs() {
        assertThat(EventType.IMPRESSION.isPreference()).isFalse();
        for (EventType type : EventType.builtIns()) {
            if (type != EventType.IMPRESSION) {
                assertThat(type.isPreference()).as(type.wireName()).isTrue();
            }
        }
    }

    @Test
    void defaultWeights() {
        assertThat(EventType.IMPRESSION.defaultWeight()).isZero();
        assertThat(EventType.DISLIKE.defaultWeight()).isNegative();
        assertThat(EventType.PURCHASE.defaultWeight()).isGreaterThan(EventType.CLICK.defaultWeight());
        assertThat(EventType.CLICK.defaultWeight()).isGreaterThan(EventType.VIEW.defaultWeight());
    }
}
