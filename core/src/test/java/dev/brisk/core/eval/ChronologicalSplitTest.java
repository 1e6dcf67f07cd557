package dev.brisk.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.InteractionLog;
import org.junit.jupiter.api.Test;

class ChronologicalSplitTest {

    /** u1: ten interactions i1..i10 at times 1..10 (added out of order) plus impressions; u2: four. */
    private static InteractionLog log() {
        InteractionLog.Builder b = InteractionLog.builder();
        for (int t = 10; t >= 1; t--) {
            b.add("u1", "i" + t, EventType.VIEW, Double.NaN, t);
        }
        b.add("u1", "i1", EventType.VIEW, Double.NaN, 9);     // a re-view of a training item, in the held-out time
        b.add("u1", "i99", EventType.IMPRESSION, Double.NaN, 11);
        b.add("u1", "i98", EventType.IMPRESSION, Double.NaN, 2);
        b.add("u1", "i7", EventType.DISLIKE, Double.NaN, 12);
        for (int t = 1; t <= 4; t++) {
            b.add("u2", "i" + t, EventType.VIEW, Double.NaN, t);
        }
        return b.build();
    }

    @Test
    void holdsOutTheLastFifthOfEachEligibleUsersInteractions() {
        ChronologicalSplit split = ChronologicalSplit.of(log(), FeedbackWeights.defaults(), 0.2, 5);

        // u1 has 12 interactions (impressions do not count): the last round(2.4) = 2 are held out:
        // the dislike of i7 (t=12) and the view of i10 (t=10); the impression at t=11 goes with them.
        assertThat(split.users()).hasSize(1);
        ChronologicalSplit.TestUser u1 = split.users().get(0);
        assertThat(u1.userId()).isEqualTo("u1");
        assertThat(u1.relevant()).containsExactly("i10"); // i7 was seen in training (and disliked)
        assertThat(u1.seen()).contains("i1", "i9", "i7").doesNotContain("i10", "i98");
        assertThat(u1.history()).extracting(Event::timestamp).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(u1.history()).hasSize(11); // 9 + the re-view + the early impression
        assertThat(split.heldOut()).isEqualTo(2);
        // Training keeps everything else, including all of u2 (too few interactions to be evaluated).
        assertThat(split.train().size()).isEqualTo(14 - 3 + 4);
        assertThat(split.trainEnd()).isEqualTo(9);
    }

    @Test
    void historiesAndHeldOutEventsReadBackAsStoredAndCannotBeChanged() {
        ChronologicalSplit split = ChronologicalSplit.of(log(), FeedbackWeights.defaults(), 0.2, 5);
        ChronologicalSplit.TestUser u1 = split.users().get(0);

        // Newest first, each event whole; the re-view of i1 (t=9) comes before the view of i9 added earlier.
        assertThat(u1.history().get(0)).isEqualTo(new Event(null, "u1", "i1", EventType.VIEW, Double.NaN, 9, null, null, null));
        assertThat(u1.history().get(10)).isEqualTo(new Event(null, "u1", "i1", EventType.VIEW, Double.NaN, 1, null, null, null));
        assertThat(u1.history()).extracting(Event::itemId).contains("i98").doesNotContain("i10", "i99");
        // The held-out events of the evaluated users, impressions too, in time order.
        assertThat(split.heldOutEvents()).extracting(Event::itemId).containsExactly("i10", "i99", "i7");
        assertThat(split.heldOutEvents()).extracting(Event::type)
                .containsExactly(EventType.VIEW, EventType.IMPRESSION, EventType.DISLIKE);
        assertThat(u1.heldOut()).isEqualTo(split.heldOutEvents()); // u1 is the only evaluated user
        assertThatThrownBy(() -> u1.history().add(u1.history().get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> split.heldOutEvents().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> u1.history().get(11)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aSampleOfUsersIsReproducible() {
        InteractionLog.Builder b = InteractionLog.builder();
        for (int u = 0; u < 50; u++) {
            for (int t = 0; t < 6; t++) {
                b.add("u" + u, "i" + (u + t), EventType.CLICK, Double.NaN, t);
            }
        }
        InteractionLog log = b.build();
        var a = ChronologicalSplit.of(log, FeedbackWeights.defaults(), 0.2, 5, 10, 1);
        var again = ChronologicalSplit.of(log, FeedbackWeights.defaults(), 0.2, 5, 10, 1);
        var other = ChronologicalSplit.of(log, FeedbackWeights.defaults(), 0.2, 5, 10, 2);
        assertThat(a.users()).hasSize(10);
        assertThat(a.users()).extracting(ChronologicalSplit.TestUser::userId)
                .isEqualTo(again.users().stream().map(ChronologicalSplit.TestUser::userId).toList())
                .isNotEqualTo(other.users().stream().map(ChronologicalSplit.TestUser::userId).toList());
        assertThat(a.train().size()).isEqualTo(300 - 10);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> ChronologicalSplit.of(log(), FeedbackWeights.defaults(), 1.0, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChronologicalSplit.of(log(), FeedbackWeights.defaults(), 0.2, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
