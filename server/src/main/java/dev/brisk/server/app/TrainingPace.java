package dev.brisk.server.app;

import dev.brisk.server.training.ModelTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Holds a training run that refreshes serving models back while other work on the machine waits
 * for a core (a first model, or one someone asked for, is not held back: see
 * {@link ModelTrainer.Pacing}). Training threads are in Linux's idle scheduling class, which yields
 * only to threads of the same process group: the kernel shares the cores out between groups first
 * (sessions, with the autogroup scheduler most distributions enable, or cgroups), so a database on
 * the same machine, in a group of its own, got no more than half the cores while a training run
 * was busy. This pace asks the machine instead: the training threads call it before each piece of
 * their work ({@code Workers}), and every
 * {@value #WINDOW_MILLIS} ms it reads how long some thread of any process waited for a core (Linux's
 * CPU pressure, {@code /proc/pressure/cpu}). When that was at least {@value #CONTENDED_PERCENT}%
 * of the time training last worked, training pauses {@value #PAUSE_PER_WORK} times as long (at most
 * nine seconds): it keeps a tenth of its time while the machine is contended, so a run still ends,
 * and all of it on an idle machine. Where the pressure cannot be read (another system, or a kernel without it)
 * training is never held back here.
 */
final class TrainingPace implements Runnable, ModelTrainer.Pacing {
    static final long WINDOW_MILLIS = 100;
    static final int CONTENDED_PERCENT = 20;
    static final int PAUSE_PER_WORK = 9;
    private static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
    /**
     * A window longer than this decides nothing: training was not running (the gap between two runs
     * is a minute or more). A shorter one that outgrew the window (a long piece of work between two
     * calls) is judged like any other.
     */
    private static final long STALE = TimeUnit.SECONDS.toNanos(5);
    /** The longest window a pause is made from: no pause is longer than nine seconds. */
    private static final long LONGEST_JUDGED = TimeUnit.SECONDS.toNanos(1);
    private static final Path PRESSURE = Path.of("/proc/pressure/cpu");

    /** Microseconds in which some thread waited for a core, counted since boot; negative when unknown. */
    @FunctionalInterface
    interface Stalls {
        long micros();
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final Stalls stalls;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final AtomicLong pausedNanos = new AtomicLong();
    /** Whether the run under way is paced (a refresh of serving models); the others are not held back. */
    private volatile boolean on;
    /** Training threads sleep until then. */
    private volatile long pausedUntil = Long.MIN_VALUE;
    /** Nothing to decide before then; {@code Long.MAX_VALUE} once the pressure proved unreadable. */
    private volatile long nextCheck = Long.MIN_VALUE;
    /** The window being measured: since when training worked, and the stalls then; no window when not started. */
    private long windowStart;
    private long windowStalls;
    private boolean inWindow;

    TrainingPace(Stalls stalls, LongSupplier clock, Sleeper sleeper) {
        this.stalls = stalls;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The machine's CPU pressure, the monotonic clock and a real sleep. */
    static TrainingPace machine() {
        return new TrainingPace(() -> someStallMicros(PRESSURE), System::nanoTime,
                nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
    }

    /** How long training was held back in all, in seconds. */
    double pausedSeconds() {
        return pausedNanos.get() / 1e9;
    }

    @Override
    public synchronized void refreshing(boolean refresh) {
        // A run starts afresh: its first piece of work opens a window, and no pause of the run
        // before it (runs asked for together follow each other at once) holds it.
        inWindow = false;
        pausedUntil = Long.MIN_VALUE;
        if (nextCheck != Long.MAX_VALUE) {
            nextCheck = Long.MIN_VALUE;
        }
        on = refresh;
    }

    @Override
    public void run() {
        if (!on) {
            return;
        }
        long now = clock.getAsLong();
        if (now >= pausedUntil && now < nextCheck) {
            return;
        }
        long until = now < pausedUntil ? pausedUntil : decide(now);
        if (until > now) {
            try {
                sleeper.sleep(until - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the run is being stopped: let the work see it
            }
        }
    }

    /** Measures the window that ended now; returns until when to pause (not after now: no pause). */
    private synchronized long decide(long now) {
        if (now < pausedUntil) {
            return pausedUntil; // another thread just decided
        }
        if (now < nextCheck) {
            return now;
        }
        long stalled = stalls.micros();
        if (stalled < 0) {
            nextCheck = Long.MAX_VALUE;
            return now;
        }
        long worked = now - windowStart;
        if (inWindow && worked <= STALE
                && (stalled - windowStalls) * 1000 * 100 >= worked * CONTENDED_PERCENT) {
            long pause = PAUSE_PER_WORK * Math.min(worked, LONGEST_JUDGED);
            pausedUntil = now + pause;
            pausedNanos.addAndGet(pause);
            inWindow = false;
            nextCheck = pausedUntil;
            return pausedUntil;
        }
        windowStart = now;
        windowStalls = stalled;
        inWindow = true;
        nextCheck = now + WINDOW;
        return now;
    }

    /** The "some ... total=N" figure of a pressure file; negative when it cannot be read. */
    static long someStallMicros(Path file) {
        byte[] text;
        try (InputStream in = Files.newInputStream(file)) {
            text = in.readNBytes(256);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return -1; // no pressure accounting here: training is not paced
        }
        String line = new String(text, StandardCharsets.US_ASCII);
        int end = line.indexOf('\n');
        line = end < 0 ? line : line.substring(0, end);
        int total = line.indexOf("total=");
        if (!line.startsWith("some ") || total < 0) {
            return -1;
        }
        int from = total + "total=".length();
        int to = from;
        while (to < line.length() && Character.isDigit(line.charAt(to))) {
            to++;
        }
        if (to == from) {
            return -1;
        }
        try {
            return Long.parseLong(line, from, to, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
