package dev.brisk.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventTypeTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void wireNamesRoundTrip(EventType type) {
        assertThat(type.wireName()).isEqualTo(type.name().toLowerCase());
        assertThat(EventType.fromWire(type.wireName())).contains(type);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void parsingIsCaseInsensitiveAndTrims(EventType type) {
        assertThat(EventType.fromWire(type.wireName().toUpperCase())).contains(type);
        assertThat(EventType.fromWire("  " + type.name() + " ")).contains(type);
    }

    @Test
    void unknownOrNullNamesParseToEmpty() {
        assertThat(EventType.fromWire("share")).isEmpty();
        assertThat(EventType.fromWire("")).isEmpty();
        assertThat(EventType.fromWire("add-to-cart")).isEmpty();
        assertThat(EventType.fromWire(null)).isEmpty();
    }

    @Test
    void wireNamesListsEveryType() {
        assertThat(EventType.wireNames().split(", "))
                .containsExactly(Arrays.stream(EventType.values()).map(EventType::wireName).toArray(String[]::new));
    }

    @Test
    void impressionIsNotAPreferenceButEveryOtherTypeIs() {
        assertThat(EventType.IMPRESSION.isPreference()).isFalse();
        for (EventType type : EventType.values()) {
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
