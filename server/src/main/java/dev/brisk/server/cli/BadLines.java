package dev.brisk.server.cli;

import java.io.PrintStream;

/** Lines of an import that were skipped: the first ones shown with their line number, all counted. */
final class BadLines {
    static final int SHOWN = 100;

    private final PrintStream out;
    private final ProgressBar bar;
    private long count;

    BadLines(PrintStream out, ProgressBar bar) {
        this.out = out;
        this.bar = bar;
    }

    void add(long line, String reason) {
        count++;
        if (count <= SHOWN) {
            bar.finish();
            out.println("line " + line + ": " + reason + " (skipped)");
        } else if (count == SHOWN + 1) {
            bar.finish();
            out.println("... more bad lines are counted but not shown");
        }
    }

    long count() {
        return count;
    }
}
