package dev.brisk.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    private static List<Event> events(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> new Event("e" + i, "u1", "i" + i, EventType.VIEW,
                Double.NaN, 1000L * i, "s1", null, null)).toList();
    }

    private static List<String> ids(RecentEvents.Page page) {
        return page.entries().stream().map(e -> e.event().eventId()).toList();
    }

    @Test
    void answersTheNewestFirstAndOnlyWhatCameAfterTheCursor() {
        RecentEvents recent = new RecentEvents(10);
        assertThat(recent.after(0, 5).entries()).isEmpty();
        recent.add(events(1, 4), 5);
        RecentEvents.Page first = recent.after(0, 3);
        assertThat(ids(first)).containsExactly("e4", "e3", "e2");
        assertThat(first.latestSeq()).isEqualTo(4);
        assertThat(recent.after(first.latestSeq(), 10).entries()).isEmpty();
        recent.add(events(5, 6), 7);
        assertThat(ids(recent.after(4, 10))).containsExactly("e6", "e5");
        assertThat(recent.after(4, 10).missed()).isZero();
    }

    @Test
    void keepsOnlyItsCapacityAndCountsWhatAReaderMissed() {
        RecentEvents recent = new RecentEvents(5);
        recent.add(events(1, 12), 1);
        RecentEvents.Page page = recent.after(2, 100);
        assertThat(ids(page)).containsExactly("e12", "e11", "e10", "e9", "e8");
        assertThat(page.missed()).isEqualTo(5);
        assertThat(recent.after(0, 100).missed()).isZero();
    }
}
