package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training is held back while other work waits for a core, keeps a tenth of its time then, and is
 * never held back on a quiet machine or where the pressure cannot be read. Time and the machine's
 * pressure are simulated: the clock moves when training works between two calls and when it sleeps.
 */
class TrainingPaceTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A simulated machine: a clock, and stalls that grow by a share of every nanosecond that passes. */
    private static final class Machine {
        long now = 1_000 * MS;
        double stalledShare;
        double stalledMicros;
        long slept;
        final List<Long> sleeps = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        void pass(long nanos) {
            now += nanos;
            stalledMicros += stalledShare * nanos / 1000.0;
        }

        /** The pace of a run that refreshes serving models. */
        TrainingPace pace() {
            TrainingPace pace = new TrainingPace(() -> {
                reads.incrementAndGet();
                return (long) stalledMicros;
            }, () -> now, nanos -> {
                sleeps.add(nanos);
                slept += nanos;
                pass(nanos);
            });
            pace.refreshing(true);
            return pace;
        }

        /** Training works for {@code seconds}, calling the pace every 5 ms of its work; returns the time that took. */
        long train(TrainingPace pace, double seconds) {
            long start = now;
            for (long worked = 0; worked < seconds * 1000 * MS; worked += 5 * MS) {
                pace.run();
                pass(5 * MS);
            }
            return now - start;
        }
    }

    @Test
    void aQuietMachineNeverHoldsTrainingBack() {
        Machine machine = new Machine();
        machine.stalledShare = 0.05; // the odd wake-up of other threads
        TrainingPace pace = machine.pace();

        long took = machine.train(pace, 10);

        assertThat(machine.sleeps).isEmpty();
        assertThat(took).isEqualTo(10_000 * MS);
        assertThat(pace.pausedSeconds()).isZero();
        // It looks at most once per window, not on every call.
        assertThat(machine.reads.get()).isBetween(90, 101);
    }

    @Test
    void whileOtherWorkWaitsForACoreTrainingKeepsATenthOfItsTime() {
        Machine machine = new Machine();
        machine.stalledShare = 0.5;
        TrainingPace pace = machine.pace();

        long took = machine.train(pace, 10);

        assertThat(machine.sleeps).isNotEmpty();
        double workedShare = 10_000.0 * MS / took;
        assertThat(workedShare).isCloseTo(1.0 / (1 + TrainingPace.PAUSE_PER_WORK), within(0.01));
        assertThat(pace.pausedSeconds()).isCloseTo(machine.slept / 1e9, within(1e-6));
        // Each pause is as long as the window of work before it, nine times over.
        assertThat(machine.sleeps).allSatisfy(nanos ->
                assertThat(nanos).isBetween(TrainingPace.PAUSE_PER_WORK * TrainingPace.WINDOW_MILLIS * MS,
                        TrainingPace.PAUSE_PER_WORK * (TrainingPace.WINDOW_MILLIS + 5) * MS));
    }

    @Test
    void whenTheContentionEndsTrainingRunsFreelyAgain() {
        Machine machine = new Machine();
        TrainingPace pace = machine.pace();
        machine.stalledShare = 0.5;
        machine.train(pace, 2);
        int pausesWhileContended = machine.sleeps.size();
        assertThat(pausesWhileContended).isPositive();

        machine.stalledShare = 0.19; // under the line
        machine.train(pace, 1); // the pause in progress, at most, ends
        int settled = machine.sleeps.size();
        long took = machine.train(pace, 5);

        assertThat(settled - pausesWhileContended).isLessThanOrEqualTo(1);
        assertThat(machine.sleeps).hasSize(settled);
        assertThat(took).isEqualTo(5_000 * MS);
    }

    @Test
    void aThreadArrivingDuringAPauseSleepsWhatIsLeftOfIt() {
        long window = TrainingPace.WINDOW_MILLIS * MS;
        long[] now = {0};
        long[] stalls = {0};
        List<Long> sleeps = new ArrayList<>();
        // Sleeps are recorded without moving the clock; the test moves it as two threads would see it.
        TrainingPace pace = new TrainingPace(() -> stalls[0], () -> now[0], sleeps::add);
        pace.refreshing(true);
        pace.run(); // opens a window
        now[0] += window;
        stalls[0] += window / 1000; // some thread waited through all of it

        pace.run(); // the first thread decides a pause
        now[0] += MS;
        pace.run(); // a second thread, 1 ms into it

        assertThat(sleeps).containsExactly(TrainingPace.PAUSE_PER_WORK * window,
                TrainingPace.PAUSE_PER_WORK * window - MS);
        now[0] += TrainingPace.PAUSE_PER_WORK * window;
        pace.run(); // after the pause: a new window, no sleep
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void aRunThatIsNotARefreshIsNeverHeldBack() {
        Machine machine = new Machine();
        machine.stalledShare = 1.0;
        TrainingPace pace = machine.pace();
        pace.refreshing(false); // a first model, or one someone asked for

        long took = machine.train(pace, 2);

        assertThat(machine.sleeps).isEmpty();
        assertThat(machine.reads.get()).isZero();
        assertThat(took).isEqualTo(2_000 * MS);

        pace.refreshing(true); // the next run refreshes: held back from its first window
        machine.train(pace, 1);
        assertThat(machine.sleeps).isNotEmpty();
    }

    @Test
    void aRunStartingRightAfterAnotherIsNotHeldByItsPause() {
        Machine machine = new Machine();
        machine.stalledShare = 0.5;
        long window = TrainingPace.WINDOW_MILLIS * MS;
        long[] slept = {0};
        TrainingPace pace = new TrainingPace(() -> (long) machine.stalledMicros, () -> machine.now,
                nanos -> slept[0] += nanos); // sleeps without the clock moving: the pause is still on
        pace.refreshing(true);
        pace.run();
        machine.pass(window);
        pace.run(); // decides a pause
        assertThat(slept[0]).isEqualTo(TrainingPace.PAUSE_PER_WORK * window);
        pace.refreshing(false); // that run ends in its pause

        pace.refreshing(false); // the next one, asked for, starts at once
        slept[0] = 0;
        pace.run();
        machine.pass(window);
        pace.run();
        assertThat(slept[0]).isZero();

        pace.refreshing(true); // and a refresh after it opens a window of its own before any pause
        pace.run();
        assertThat(slept[0]).isZero();
    }

    @Test
    void aLongGapWithoutTrainingDecidesNothing() {
        Machine machine = new Machine();
        TrainingPace pace = machine.pace();
        machine.train(pace, 1);
        machine.stalledShare = 1.0; // serving is busy while no run is under way
        machine.pass(60_000 * MS);
        machine.stalledShare = 0.0;

        long took = machine.train(pace, 1);

        assertThat(machine.sleeps).isEmpty();
        assertThat(took).isEqualTo(1_000 * MS);
    }

    @Test
    void whereThePressureCannotBeReadTrainingIsNeverHeldBackAndItIsNotAskedAgain() {
        AtomicInteger reads = new AtomicInteger();
        long[] now = {0};
        List<Long> sleeps = new ArrayList<>();
        TrainingPace pace = new TrainingPace(() -> {
            reads.incrementAndGet();
            return -1;
        }, () -> now[0], sleeps::add);
        pace.refreshing(true);
        for (int i = 0; i < 1_000; i++) {
            pace.run();
            now[0] += 5 * MS;
        }
        assertThat(sleeps).isEmpty();
        assertThat(reads.get()).isEqualTo(1);
    }

    @Test
    void anInterruptedPauseEndsAndLeavesTheThreadInterrupted() {
        long[] now = {0};
        long[] stalls = {0};
        TrainingPace pace = new TrainingPace(() -> stalls[0], () -> now[0], nanos -> {
            throw new InterruptedException("stopping");
        });
        pace.refreshing(true);
        pace.run();
        now[0] += TrainingPace.WINDOW_MILLIS * MS;
        stalls[0] += TrainingPace.WINDOW_MILLIS * 1000; // others waited the whole window
        try {
            pace.run();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void readsTheTotalOfTheSomeLineOfAPressureFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cpu");
        Files.writeString(file, "some avg10=1.50 avg60=0.80 avg300=0.10 total=123456789\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        assertThat(TrainingPace.someStallMicros(file)).isEqualTo(123_456_789L);

        Files.writeString(file, "full avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
        assertThat(TrainingPace.someStallMicros(file)).isNegative();
        Files.writeString(file, "some avg10=0.00 avg60=0.00 avg300=0.00 total=\n");
        assertThat(TrainingPace.someStallMicros(file)).isNegative();
        assertThat(TrainingPace.someStallMicros(dir.resolve("missing"))).isNegative();
    }

    @Test
    void thisMachineTellsItsCpuPressure() throws InterruptedException {
        Path real = Path.of("/proc/pressure/cpu");
        long first = TrainingPace.someStallMicros(real);
        assertThat(first).as("this test runs on Linux with pressure accounting (/proc/pressure/cpu)").isNotNegative();
        Thread.sleep(20);
        assertThat(TrainingPace.someStallMicros(real)).isGreaterThanOrEqualTo(first);
    }
}
