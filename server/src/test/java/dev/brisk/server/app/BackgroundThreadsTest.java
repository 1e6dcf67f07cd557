package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Training threads run at a lower priority where the operating system schedules them (their Linux
 * nice value), not only in Java's terms; the other background threads keep the process's priority.
 */
class BackgroundThreadsTest {
    @Test
    void trainingThreadsRunNicerThanTheThreadsThatServe() throws Exception {
        OptionalInt mine = OsPriority.currentThreadNice();
        assertThat(mine).as("this test runs on Linux, where /proc tells a thread's nice value").isPresent();

        OptionalInt training = niceOfAThreadFrom(BackgroundThreads.training("test-train"));
        OptionalInt other;
        try (BackgroundThreads threads = new BackgroundThreads()) {
            other = niceOfAThreadFrom(threads.factory("test-other"));
        }
        assertThat(training).hasValue(Math.max(mine.getAsInt(), OsPriority.TRAINING_NICE));
        assertThat(other).isEqualTo(mine);
    }

    private static OptionalInt niceOfAThreadFrom(ThreadFactory factory) throws Exception {
        CompletableFuture<OptionalInt> nice = new CompletableFuture<>();
        Thread t = factory.newThread(() -> nice.complete(OsPriority.currentThreadNice()));
        t.start();
        return nice.get(30, TimeUnit.SECONDS);
    }
}
