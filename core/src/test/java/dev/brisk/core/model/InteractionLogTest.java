package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import org.junit.jupiter.api.Test;

class InteractionLogTest {
    private static final long T0 = 1_717_243_200_000L;

    @Test
    void emptyLog() {
        InteractionLog log = InteractionLog.builder().build();
        assertThat(log.size()).isZero();
        assertThat(log.users().size()).isZero();
        assertThat(log.items().size()).isZero();
    }

    @Test
    void interactionsAreReadBack() {
        InteractionLog log = InteractionLog.builder()
                .add("u1", "i1", EventType.VIEW, Double.NaN, T0)
                .add("u2", "i1", EventType.RATING, 4.5, T0 + 1)
                .add(new Event("e", "u1", "i2", EventType.DISLIKE, Double.NaN, T0 + 2, "s", null, null))
                .build();
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.users().size()).isEqualTo(2);
        assertThat(log.items().size()).isEqualTo(2);

        assertThat(log.users().idAt(log.userAt(0))).isEqualTo("u1");
        assertThat(log.items().idAt(log.itemAt(0))).isEqualTo("i1");
        assertThat(log.typeAt(0)).isEqualTo(EventType.VIEW);
        assertThat(log.ratingAt(0)).isNaN();
        assertThat(log.timestampAt(0)).isEqualTo(T0);

        assertThat(log.users().idAt(log.userAt(1))).isEqualTo("u2");
        assertThat(log.itemAt(1)).isEqualTo(log.itemAt(0));
        assertThat(log.typeAt(1)).isEqualTo(EventType.RATING);
        assertThat(log.ratingAt(1)).isEqualTo(4.5f);

        assertThat(log.userAt(2)).isEqualTo(log.userAt(0));
        assertThat(log.items().idAt(log.itemAt(2))).isEqualTo("i2");
        assertThat(log.typeAt(2)).isEqualTo(EventType.DISLIKE);
        assertThat(log.ratingAt(2)).isNaN();
        assertThat(log.timestampAt(2)).isEqualTo(T0 + 2);
    }

    @Test
    void growsPastTheInitialCapacity() {
        EventType[] types = EventType.builtIns().toArray(new EventType[0]);
        int n = 5_000; // the builder starts with room for 1024
        InteractionLog.Builder builder = InteractionLog.builder();
        for (int i = 0; i < n; i++) {
            EventType type = types[i % types.length];
            double rating = type == EventType.RATING ? 0.5 + (i % 10) * 0.5 : Double.NaN;
            builder.add("u" + (i % 37), "i" + (i % 101), type, rating, T0 + i);
        }
        InteractionLog log = builder.build();
        assertThat(log.size()).isEqualTo(n);
        assertThat(log.users().size()).isEqualTo(37);
        assertThat(log.items().size()).isEqualTo(101);
        for (int i = 0; i < n; i++) {
            EventType type = types[i % types.length];
            assertThat(log.users().idAt(log.userAt(i))).isEqualTo("u" + (i % 37));
            assertThat(log.items().idAt(log.itemAt(i))).isEqualTo("i" + (i % 101));
            assertThat(log.typeAt(i)).isEqualTo(type);
            assertThat(log.timestampAt(i)).isEqualTo(T0 + i);
            if (type == EventType.RATING) {
                assertThat(log.ratingAt(i)).isEqualTo((float) (0.5 + (i % 10) * 0.5));
            } else {
                assertThat(log.ratingAt(i)).isNaN();
            }
        }
    }

    @Test
    void exactlyAtTheInitialCapacityBoundary() {
        InteractionLog.Builder builder = InteractionLog.builder();
        for (int i = 0; i < 1025; i++) {
            builder.add("u", "i" + i, EventType.CLICK, Double.NaN, T0 + i);
        }
        InteractionLog log = builder.build();
        assertThat(log.size()).isEqualTo(1025);
        assertThat(log.items().idAt(log.itemAt(1023))).isEqualTo("i1023");
        assertThat(log.items().idAt(log.itemAt(1024))).isEqualTo("i1024");
        assertThat(log.timestampAt(1024)).isEqualTo(T0 + 1024);
    }

    @Test
    void declaredTypesAreKeptAndReadBack() {
        EventTypes types = EventTypes.declaring(java.util.List.of("star", "share"));
        EventType share = types.fromWire("share").orElseThrow();
        InteractionLog.Builder b = InteractionLog.builder()
                .add("u1", "i1", share, Double.NaN, T0)
                .add("u1", "i2", EventType.VIEW, Double.NaN, T0 + 1);
        InteractionLog log = b.without("nobody").build();
        assertThat(log.typeAt(0)).isSameAs(share);
        assertThat(log.typeAt(1)).isSameAs(EventType.VIEW);
        assertThat(b.add("u2", "i1", types.fromWire("star").orElseThrow(), Double.NaN, T0).snapshot().typeAt(2).wireName())
                .isEqualTo("star");
        assertThatThrownBy(() -> b.add("u3", "i1", types.fromStored("gone"), Double.NaN, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gone");
    }
}
