package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkersTest {

    /** Counts the threads it makes; they are named so that the test can tell them from the caller. */
    private static final class CountingFactory implements ThreadFactory {
        final AtomicInteger made = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "test-worker-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    @Test
    void runsEveryIndexOnceOnThePoolItWasGivenWithoutThreadsPerCall() {
        CountingFactory factory = new CountingFactory();
        Set<String> threadsSeen = ConcurrentHashMap.newKeySet();
        try (Workers workers = Workers.start(3, factory)) {
            for (int call = 0; call < 20; call++) {
                AtomicIntegerArray visits = new AtomicIntegerArray(10_000);
                workers.forEach(visits.length(), 8, i -> {
                    visits.incrementAndGet(i);
                    threadsSeen.add(Thread.currentThread().getName());
                    if (i % 8 == 0) {
                        Thread.yield(); // lets the pool's threads take chunks too
                    }
                });
                for (int i = 0; i < visits.length(); i++) {
                    assertThat(visits.get(i)).as("visits of index %d in call %d", i, call).isEqualTo(1);
                }
            }
        }
        // Twenty calls, and still no more threads than the pool holds (two besides the caller).
        assertThat(factory.made.get()).isEqualTo(2);
        assertThat(threadsSeen).contains(Thread.currentThread().getName())
                .allMatch(name -> name.equals(Thread.currentThread().getName()) || name.startsWith("test-worker-"));
    }

    @Test
    void aFailureOnAPoolThreadIsThrownToTheCallerAndThePoolKeepsWorking() {
        CountingFactory factory = new CountingFactory();
        String caller = Thread.currentThread().getName();
        try (Workers workers = Workers.start(2, factory)) {
            AtomicReference<Thread> poolThread = new AtomicReference<>();
            AtomicInteger doneByCaller = new AtomicInteger();
            assertThatThrownBy(() -> workers.forEach(100_000, 1, i -> {
                if (!Thread.currentThread().getName().equals(caller)) {
                    poolThread.set(Thread.currentThread());
                    throw new IllegalArgumentException("bad row " + i);
                }
                // The caller holds its first index until the pool's thread has failed and is back
                // waiting for work (so its failure is recorded), or a while passed.
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!backToWaiting(poolThread.get()) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                doneByCaller.incrementAndGet();
            })).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad row");
            // Nothing more was handed out after the failure.
            assertThat(doneByCaller.get()).isLessThan(100);

            AtomicInteger sum = new AtomicInteger();
            workers.forEach(1_000, 10, sum::addAndGet);
            assertThat(sum.get()).isEqualTo(999 * 1000 / 2);
        }
        assertThat(factory.made.get()).isEqualTo(1);
    }

    @Test
    void oneThreadIsTheCallerAlone() {
        CountingFactory factory = new CountingFactory();
        String caller = Thread.currentThread().getName();
        try (Workers workers = Workers.start(1, factory)) {
            workers.forEach(1_000, 1, i -> assertThat(Thread.currentThread().getName()).isEqualTo(caller));
        }
        assertThat(factory.made.get()).isZero();
        assertThatThrownBy(() -> Workers.start(0, factory)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyThreadCallsThePaceBeforeEachIndexAndTheResultDoesNotDependOnIt() {
        for (int threads : new int[] {1, 3}) {
            AtomicInteger paces = new AtomicInteger();
            Set<String> pacedOn = ConcurrentHashMap.newKeySet();
            // A pace that holds the thread a moment, as the server's does under contention.
            Runnable pace = () -> {
                paces.incrementAndGet();
                pacedOn.add(Thread.currentThread().getName());
                Thread.yield();
            };
            try (Workers workers = Workers.start(threads, new CountingFactory(), pace)) {
                AtomicIntegerArray visits = new AtomicIntegerArray(1_000);
                workers.forEach(visits.length(), 10, i -> {
                    visits.incrementAndGet(i);
                    if (i % 10 == 0) {
                        Thread.yield();
                    }
                });
                for (int i = 0; i < visits.length(); i++) {
                    assertThat(visits.get(i)).as("visits of index %d with %d threads", i, threads).isEqualTo(1);
                }
                // Each index paced once; a pool thread that found nothing left to take paces nothing.
                assertThat(paces.get()).as("paces with %d threads", threads).isEqualTo(1_000);
                String caller = Thread.currentThread().getName();
                assertThat(pacedOn).as("threads that paced")
                        .allMatch(name -> name.equals(caller) || name.startsWith("test-worker-"));
                if (threads == 1) {
                    assertThat(pacedOn).containsExactly(caller);
                }
            }
        }
    }

    private static boolean backToWaiting(Thread t) {
        if (t == null) {
            return false;
        }
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
