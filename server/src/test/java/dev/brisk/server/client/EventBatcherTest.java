package dev.brisk.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.client.BriskClient;
import dev.brisk.client.Event;
import dev.brisk.client.EventBatcher;
import dev.brisk.client.EventType;
import dev.brisk.client.EventsRejectedException;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batcher sends when it holds a batch, when its oldest event has waited long enough, and when closed. */
class EventBatcherTest {
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    static Path dir;
    static TestService service;
    static BriskClient brisk;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
        brisk = Clients.of(service, null).build();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aFullBatchIsSentAtOnceAndTheRestOnClose() throws Exception {
        EventBatcher batcher = brisk.events().batcher(5, NEVER);
        for (int i = 0; i < 7; i++) {
            batcher.add(Event.of("by-size", "i" + i, EventType.VIEW));
        }
        assertThat(TestService.eventually(Duration.ofSeconds(10), () -> service.storedEvents("by-size") == 5))
                .as("the first five sent without waiting for the hour").isTrue();
        Thread.sleep(300);
        assertThat(service.storedEvents("by-size")).as("two wait for a batch or the hour").isEqualTo(5);
        assertThat(batcher.batches()).isEqualTo(1);
        batcher.close();
        assertThat(service.storedEvents("by-size")).as("close sends the rest before it returns").isEqualTo(7);
        assertThat(batcher.sentEvents()).isEqualTo(7);
        assertThat(batcher.batches()).isEqualTo(2);
    }

    @Test
    void eventsThatWaitedLongEnoughAreSentWithoutAFullBatch() {
        try (EventBatcher batcher = brisk.events().batcher(1000, Duration.ofMillis(200))) {
            for (int i = 0; i < 3; i++) {
                batcher.add(Event.of("by-time", "i" + i, EventType.CLICK));
            }
            assertThat(TestService.eventually(Duration.ofSeconds(10), () -> service.storedEvents("by-time") == 3))
                    .as("sent about 200 ms after the first was added").isTrue();
            // One batch, unless a slow machine spaced the adds by more than the delay.
            assertThat(batcher.batches()).isBetween(1L, 3L);
        }
    }

    @Test
    void closingSendsWhatIsBufferedAndFlushSendsNow() {
        EventBatcher batcher = brisk.events().batcher(1000, NEVER);
        batcher.add(Event.of("by-close", "i1", EventType.VIEW));
        batcher.flush();
        assertThat(service.storedEvents("by-close")).isEqualTo(1);
        batcher.add(Event.of("by-close", "i2", EventType.VIEW));
        batcher.add(Event.of("by-close", "i3", EventType.VIEW));
        assertThat(service.storedEvents("by-close")).isEqualTo(1);
        batcher.close();
        assertThat(service.storedEvents("by-close")).isEqualTo(3);
    }

    @Test
    void rejectedEventsGoToTheFailureHandlerAndTheOthersAreStored() {
        List<EventBatcher.BatchFailure> failures = new CopyOnWriteArrayList<>();
        Event bad = Event.of("by-failure", "i2", EventType.RATING);
        try (EventBatcher batcher = brisk.events().batcher(EventBatcher.Settings.of(10, NEVER).onFailure(failures::add))) {
            batcher.add(Event.of("by-failure", "i1", EventType.VIEW));
            batcher.add(bad);
            batcher.add(Event.of("by-failure", "i3", EventType.VIEW));
        }
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.events()).containsExactly(bad);
            assertThat(f.error()).isInstanceOf(EventsRejectedException.class);
        });
        assertThat(service.storedEvents("by-failure")).isEqualTo(2);
    }
}
