package dev.brisk.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ids derived from an event's content: the same event, the same id; any other part, another id. */
class DerivedEventIdsTest {
    private static final long T = 874_724_710_000L;

    @Test
    void theSameContentGivesTheSameIdAndAnyDifferenceAnother() {
        String id = DerivedEventIds.of("u1", "i1", EventType.VIEW, T);
        assertThat(id).startsWith("imp-").hasSize(4 + 32).isEqualTo(DerivedEventIds.of("u1", "i1", EventType.VIEW, T));
        assertThat(DerivedEventIds.of("u1", "i1", EventType.VIEW, T + 1)).isNotEqualTo(id);
        assertThat(DerivedEventIds.of("u1", "i1", EventType.CLICK, T)).isNotEqualTo(id);
        assertThat(DerivedEventIds.of("u1", "i2", EventType.VIEW, T)).isNotEqualTo(id);
        assertThat(DerivedEventIds.of("u2", "i1", EventType.VIEW, T)).isNotEqualTo(id);
        // The separator keeps parts from running into each other.
        assertThat(DerivedEventIds.of("u1i", "1", EventType.VIEW, T)).isNotEqualTo(id);
    }

    @Test
    void anEventWithItsOwnIdKeepsIt() {
        Event own = new Event("mine", "u1", "i1", EventType.VIEW, Double.NaN, T, null, null, null);
        assertThat(DerivedEventIds.identified(own)).isSameAs(own);
        assertThat(DerivedEventIds.identified(own.withEventId(null)).eventId())
                .isEqualTo(DerivedEventIds.of("u1", "i1", EventType.VIEW, T));
    }
}
