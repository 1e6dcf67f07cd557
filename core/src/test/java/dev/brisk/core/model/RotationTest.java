package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RotationTest {

    private static Event e(String item, EventType type, long t) {
        return ModelFixtures.event("u", item, type, t);
    }

    @Test
    void itemsShownOftenWithoutAnInteractionSinceAreOverexposed() {
        List<Event> newestFirst = List.of(
                e("a", EventType.IMPRESSION, 9), e("a", EventType.IMPRESSION, 8), e("a", EventType.IMPRESSION, 7),
                e("b", EventType.IMPRESSION, 6), e("b", EventType.CLICK, 5), e("b", EventType.IMPRESSION, 4),
                e("b", EventType.IMPRESSION, 3), e("b", EventType.IMPRESSION, 2),
                e("c", EventType.IMPRESSION, 1), e("c", EventType.IMPRESSION, 0));
        assertThat(new Rotation(3).overexposed(newestFirst)).containsExactly("a");
        assertThat(new Rotation(2).overexposed(newestFirst)).containsExactlyInAnyOrder("a", "c");
        assertThat(new Rotation(0).overexposed(newestFirst)).isEmpty();
    }

    @Test
    void demotedItemsGoBehindTheOthers() {
        Explanation why = Explanation.of("x", "x");
        List<Recommendation> ranked = List.of(new Recommendation("a", 4, why), new Recommendation("b", 3, why),
                new Recommendation("c", 2, why), new Recommendation("d", 1, why));
        assertThat(Rotation.demote(ranked, Set.of("a", "c"), 3)).extracting(Recommendation::itemId)
                .containsExactly("b", "d", "a");
        assertThat(Rotation.demote(ranked, Set.of(), 2)).extracting(Recommendation::itemId).containsExactly("a", "b");
    }
}
