package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Training threads run at a lower priority where the operating system schedules them (Linux's idle
 * scheduling class, and a higher nice value), not only in Java's terms; the other background threads
 * keep the process's priority.
 */
class BackgroundThreadsTest {
    @Test
    void trainingThreadsRunNicerThanTheThreadsThatServe() throws Exception {
        OptionalInt mine = OsPriority.currentThreadNice();
        assertThat(mine).as("this test runs on Linux, where /proc tells a thread's nice value").isPresent();

        OptionalInt[] trainingAndOther = onATrainingAndAnotherThread(OsPriority::currentThreadNice);
        OptionalInt training = trainingAndOther[0];
        OptionalInt other = trainingAndOther[1];
        assertThat(training).hasValue(Math.max(mine.getAsInt(), OsPriority.TRAINING_NICE));
        assertThat(other).isEqualTo(mine);
    }

    @Test
    void trainingThreadsGiveWayAtOnceToAnyOtherThread() throws Exception {
        OptionalInt mine = OsPriority.currentThreadPolicy();
        assertThat(mine).as("this test runs on Linux, where /proc tells a thread's scheduling class").hasValue(0);

        OptionalInt[] trainingAndOther = onATrainingAndAnotherThread(OsPriority::currentThreadPolicy);
        OptionalInt training = trainingAndOther[0];
        OptionalInt other = trainingAndOther[1];
        assertThat(training).as("a training thread's class (util-linux's chrt moves it)").hasValue(OsPriority.SCHED_IDLE);
        assertThat(other).hasValue(0);
    }

    /** What {@code read} gives on a new training thread and on a new other background thread. */
    private static OptionalInt[] onATrainingAndAnotherThread(Supplier<OptionalInt> read) throws Exception {
        OptionalInt training = ofAThreadFrom(BackgroundThreads.training("test-train"), read);
        try (BackgroundThreads threads = new BackgroundThreads()) {
            return new OptionalInt[] {training, ofAThreadFrom(threads.factory("test-other"), read)};
        }
    }

    private static OptionalInt ofAThreadFrom(ThreadFactory factory, Supplier<OptionalInt> read) throws Exception {
        CompletableFuture<OptionalInt> value = new CompletableFuture<>();
        Thread t = factory.newThread(() -> value.complete(read.get()));
        t.start();
        return value.get(30, TimeUnit.SECONDS);
    }
}
