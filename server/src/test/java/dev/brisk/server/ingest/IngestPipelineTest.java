package dev.brisk.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.store.LoggedList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The queue, group commit, back-pressure and acknowledgement rules of the event pipeline. */
class IngestPipelineTest {

    private static List<Event> events(String prefix, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Event(prefix + i, "u" + i, "i" + i, EventType.VIEW, Double.NaN, 1_700_000_000_000L + i,
                    null, null, null));
        }
        return out;
    }

    @Test
    void aFullQueueRefusesNewEventsAndTakesThemAgainOnceDrained() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupWriter blocked = (group, at) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return group;
        };
        try (IngestPipeline pipeline = new IngestPipeline(blocked, ServedLists.NONE, new BriskMetrics(), List.of(), 10, 100)) {
            pipeline.start(Thread::new);
            CompletableFuture<IngestResult> first = pipeline.submit(events("a", 6));
            CompletableFuture<IngestResult> second = pipeline.submit(events("b", 4));
            assertThatThrownBy(() -> pipeline.submit(events("c", 1))).isInstanceOf(QueueFullException.class)
                    .hasMessageContaining("full");
            assertThat(pipeline.health().status()).isEqualTo("degraded");
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(6);
            assertThat(second.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(4);
            assertThat(pipeline.submit(events("c", 1)).get(5, TimeUnit.SECONDS).accepted()).isEqualTo(1);
        }
    }

    @Test
    void requestsWaitingTogetherAreCommittedInOneGroupAndAnsweredSeparately() throws Exception {
        CountDownLatch firstGroupStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        GroupWriter writer = (group, at) -> {
            groupSizes.add(group.size());
            firstGroupStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Event> stored = new ArrayList<>(group);
            stored.set(0, null); // the first of each group was a duplicate
            return stored;
        };
        try (IngestPipeline pipeline = new IngestPipeline(writer, ServedLists.NONE, new BriskMetrics(), List.of(), 1_000, 1_000)) {
            pipeline.start(Thread::new);
            CompletableFuture<IngestResult> lead = pipeline.submit(events("lead", 1));
            firstGroupStarted.await(5, TimeUnit.SECONDS);
            List<CompletableFuture<IngestResult>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiting.add(pipeline.submit(events("w" + i + "-", 3)));
            }
            release.countDown();
            assertThat(lead.get(5, TimeUnit.SECONDS).duplicates()).isEqualTo(1);
            IngestResult firstWaiting = waiting.get(0).get(5, TimeUnit.SECONDS);
            assertThat(firstWaiting.accepted()).isEqualTo(2);
            assertThat(firstWaiting.duplicates()).isEqualTo(1);
            for (CompletableFuture<IngestResult> w : waiting.subList(1, 5)) {
                assertThat(w.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(3);
            }
            assertThat(groupSizes).containsExactly(1, 15);
        }
    }

    @Test
    void aFailedCommitFailsEveryRequestOfTheGroupAndRunsNoAfterCommitStep() {
        List<List<Event>> afterCommit = new ArrayList<>();
        GroupWriter failing = (group, at) -> {
            throw new IllegalStateException("disk full");
        };
        try (IngestPipeline pipeline = new IngestPipeline(failing, ServedLists.NONE, new BriskMetrics(), List.of(afterCommit::add), 100, 100)) {
            pipeline.start(Thread::new);
            CompletableFuture<IngestResult> result = pipeline.submit(events("x", 2));
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("disk full");
            assertThat(afterCommit).isEmpty();
            assertThat(pipeline.queued()).isZero();
            assertThat(pipeline.health().status()).isEqualTo("degraded");
        }
    }

    @Test
    void eventsWithoutAnIdGetOneAndAfterCommitStepsSeeOnlyStoredEvents() throws Exception {
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        GroupWriter writer = (group, at) -> group;
        try (IngestPipeline pipeline = new IngestPipeline(writer, ServedLists.NONE, new BriskMetrics(), List.of(seen::addAll), 100, 100)) {
            pipeline.start(Thread::new);
            Event anonymous = new Event(null, "u", "i", EventType.CLICK, Double.NaN, 1_700_000_000_000L, null, null, null);
            IngestResult result = pipeline.submit(List.of(anonymous)).get(5, TimeUnit.SECONDS);
            assertThat(result.eventIds()).hasSize(1);
            assertThat(result.eventIds().get(0)).isNotBlank();
            assertThat(seen).extracting(Event::eventId).containsExactly(result.eventIds().get(0));
        }
    }

    /**
     * A committed group's after-commit steps run on another thread while the writer goes on with the
     * next group; the group is answered only after its steps, the groups' steps run in commit order
     * with the numbers taken before each write, and closing answers every committed group.
     */
    @Test
    void theNextGroupIsWrittenWhileTheLastOnesStepsRunAndEveryGroupIsAnsweredAfterItsStepsInOrder() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        GroupWriter writer = (group, at) -> {
            written.add(group.get(0).eventId());
            return group;
        };
        CountDownLatch firstStepsStarted = new CountDownLatch(1);
        CountDownLatch releaseSteps = new CountDownLatch(1);
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        IngestPipeline.AfterCommit slow = (commit, stored, rowIds) -> {
            steps.add(commit + ":" + stored.get(0).eventId());
            firstStepsStarted.countDown();
            try {
                releaseSteps.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        java.util.concurrent.atomic.AtomicLong numbers = new java.util.concurrent.atomic.AtomicLong(40);
        CompletableFuture<IngestResult> first;
        CompletableFuture<IngestResult> second;
        try (IngestPipeline pipeline = new IngestPipeline(writer, ServedLists.NONE, new BriskMetrics(),
                numbers::incrementAndGet, List.of(slow), 100, 1)) {
            pipeline.start(Thread::new);
            first = pipeline.submit(events("first", 1));
            assertThat(firstStepsStarted.await(5, TimeUnit.SECONDS)).isTrue();
            second = pipeline.submit(events("second", 1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (written.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(written).as("written while the first group's steps wait").containsExactly("first0", "second0");
            assertThat(first).as("not answered before its steps ran").isNotDone();
            assertThat(second).isNotDone();
            assertThat(pipeline.queued()).as("counted as queued until answered").isEqualTo(2);
            releaseSteps.countDown();
        }
        assertThat(first.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(1);
        assertThat(second.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(1);
        assertThat(steps).containsExactly("41:first0", "42:second0");
    }

    /**
     * The first request is with the writer when its acknowledgement times out: it is answered with
     * what the commit did. The second is still queued: it is withdrawn and never written.
     */
    @Test
    void anAcknowledgementTimeoutWithdrawsWhatTheWriterHasNotTakenAndWaitsForWhatItHas() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        GroupWriter writer = (group, at) -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            group.forEach(e -> written.add(e.eventId()));
            return group;
        };
        try (IngestPipeline pipeline = new IngestPipeline(writer, ServedLists.NONE, new BriskMetrics(), List.of(), 100, 100)) {
            pipeline.start(Thread::new);
            CompletableFuture<IngestResult> taken = CompletableFuture.supplyAsync(() -> store(pipeline, events("taken", 2)));
            assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> pipeline.store(events("queued", 3), 200)).isInstanceOf(AckTimeoutException.class);
            assertThat(pipeline.queued()).isEqualTo(2);
            release.countDown();
            assertThat(taken.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(2);
            assertThat(pipeline.store(events("later", 1), 5_000).accepted()).isEqualTo(1);
            assertThat(written).containsExactly("taken0", "taken1", "later0");
            assertThat(pipeline.queued()).isZero();
        }
    }

    private static IngestResult store(IngestPipeline pipeline, List<Event> events) {
        try {
            return pipeline.store(events, 200);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
    /**
     * Served lists that are not due wait while no event comes, and are written, all of them, before
     * the group of the next event, so a click in that group finds its list.
     */
    @Test
    void servedListsWaitUntilDueButAreAlwaysWrittenBeforeTheNextEvents() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<LoggedList> queued = Collections.synchronizedList(new ArrayList<>());
        ServedLists neverDue = new ServedLists() {
            @Override
            public void writeQueued() {
                synchronized (queued) {
                    queued.forEach(list -> order.add("list " + list.requestId()));
                    queued.clear();
                }
            }

            @Override
            public boolean due(long now) {
                return false;
            }

            @Override
            public void flush(long timeoutMillis) {
            }
        };
        GroupWriter writer = (group, at) -> {
            group.forEach(e -> order.add("event " + e.eventId()));
            return group;
        };
        try (IngestPipeline pipeline = new IngestPipeline(writer, neverDue, new BriskMetrics(), List.of(), 100, 100)) {
            pipeline.start(Thread::new);
            queued.add(new LoggedList("r1", "u1", "popular", "v", 1, List.of("i1", "i2"), 1_700_000_000_000L, null, null));
            queued.add(new LoggedList("r2", "u1", "popular", "v", 1, List.of("i3"), 1_700_000_000_001L, null, null));
            Thread.sleep(200); // ten rounds of the writer with nothing due
            assertThat(order).isEmpty();
            pipeline.submit(events("e", 1)).get(5, TimeUnit.SECONDS);
            assertThat(order).containsExactly("list r1", "list r2", "event e0");
        }
    }
}
