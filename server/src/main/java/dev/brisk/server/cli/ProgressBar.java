package dev.brisk.server.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long commands, on standard error: redrawn in place on a terminal,
 * one line per tenth of the way otherwise (so logs stay readable). Redraws at most every 100 ms.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final long started = System.nanoTime();
    private String label = "";
    private long lastDraw;
    private int lastTenth = -1;
    private boolean drawn;

    ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    static ProgressBar onStandardError() {
        return new ProgressBar(System.err, System.console() != null);
    }

    /** Shows {@code done} of {@code total} (total 0 or less: a count without a bar) for a phase. */
    synchronized void update(String phase, long done, long total) {
        long now = System.nanoTime();
        boolean newPhase = !phase.equals(label);
        if (newPhase && drawn && interactive) {
            out.println();
        }
        if (newPhase) {
            label = phase;
            lastTenth = -1;
        }
        int tenth = total > 0 ? (int) (10 * Math.min(done, total) / total) : -1;
        if (interactive) {
            if (!newPhase && now - lastDraw < 100_000_000L && done < total) {
                return;
            }
            out.print("\r" + line(done, total));
        } else {
            if (!newPhase && tenth == lastTenth) {
                return;
            }
            out.println(line(done, total));
        }
        out.flush();
        lastTenth = tenth;
        lastDraw = now;
        drawn = true;
    }

    /** Ends the bar's line. */
    synchronized void finish() {
        if (drawn && interactive) {
            out.println();
        }
        drawn = false;
        label = "";
    }

    String line(long done, long total) {
        double seconds = (System.nanoTime() - started) / 1e9;
        if (total <= 0) {
            return String.format(Locale.ROOT, "%-28s %,d  %.0fs", label, done, seconds);
        }
        double share = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        return String.format(Locale.ROOT, "%-28s [%s%s] %3.0f%%  %,d/%,d  %.0fs", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), share * 100, done, total, seconds);
    }
}
