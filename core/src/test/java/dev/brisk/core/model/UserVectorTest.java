package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserVectorTest {

    @Test
    void aggregatesKnownItemsNewestFirstAndRemembersTheStrongestInteraction() {
        IdMap items = new IdMap();
        items.add("a");
        items.add("b");
        var history = List.of(
                ModelFixtures.event("u", "b", EventType.VIEW, 50),
                ModelFixtures.event("u", "x", EventType.PURCHASE, 40), // unknown to the model
                ModelFixtures.event("u", "a", EventType.IMPRESSION, 30),
                ModelFixtures.event("u", "a", EventType.PURCHASE, 20),
                ModelFixtures.event("u", "a", EventType.VIEW, 10));
        UserVector v = UserVector.of(history, items, ModelFixtures.SETTINGS);

        assertThat(v.size()).isEqualTo(2);
        assertThat(v.item(0)).isEqualTo(items.indexOf("b"));
        assertThat(v.weight(0)).isEqualTo(1f);
        assertThat(v.item(1)).isEqualTo(items.indexOf("a"));
        assertThat(v.weight(1)).isEqualTo(6f);
        assertThat(v.strongest(1)).isEqualTo(EventType.PURCHASE);
        assertThat(v.head(1).size()).isEqualTo(1);
        assertThat(v.hasPositive()).isTrue();
    }

    @Test
    void theCurrentSessionReachesBackUntilAPauseLongerThanThirtyMinutes() {
        IdMap items = new IdMap();
        for (String id : List.of("a", "b", "c", "d")) {
            items.add(id);
        }
        long minute = 60_000L;
        long now = 1_000 * minute;
        var history = List.of(
                ModelFixtures.event("u", "d", EventType.IMPRESSION, now + 60 * minute), // shown, not done: no session
                ModelFixtures.event("u", "a", EventType.VIEW, now),
                ModelFixtures.event("u", "b", EventType.VIEW, now - 20 * minute),
                ModelFixtures.event("u", "a", EventType.IMPRESSION, now - 35 * minute),
                ModelFixtures.event("u", "c", EventType.CLICK, now - 48 * minute),
                ModelFixtures.event("u", "d", EventType.VIEW, now - 79 * minute), // 31 minutes earlier: over
                ModelFixtures.event("u", "c", EventType.VIEW, now - 80 * minute));
        UserVector v = UserVector.of(history, items, ModelFixtures.SETTINGS);

        assertThat(v.size()).isEqualTo(4);
        assertThat(v.sessionSize()).isEqualTo(3); // a, b, c
        assertThat(v.item(3)).isEqualTo(items.indexOf("d"));
        assertThat(v.head(2).sessionSize()).isEqualTo(2);
        UserVector lonely = UserVector.of(List.of(history.get(0), ModelFixtures.event("u", "b", EventType.VIEW,
                now - 31 * minute)), items, ModelFixtures.SETTINGS);
        assertThat(lonely.sessionSize()).isEqualTo(1);
    }

    @Test
    void onlyDislikesIsNothingToGoOn() {
        IdMap items = new IdMap();
        items.add("a");
        UserVector v = UserVector.of(List.of(ModelFixtures.event("u", "a", EventType.DISLIKE, 1)), items,
                ModelFixtures.SETTINGS);
        assertThat(v.size()).isEqualTo(1);
        assertThat(v.hasPositive()).isFalse();
        assertThat(UserVector.of(List.of(), items, ModelFixtures.SETTINGS).isEmpty()).isTrue();
    }
}
