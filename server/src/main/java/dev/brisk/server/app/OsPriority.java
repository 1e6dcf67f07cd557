package dev.brisk.server.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the calling thread's priority where it counts: at the operating system's scheduler. Java's
 * thread priorities do not reach Linux (unless the JVM runs as root with
 * {@code -XX:ThreadPriorityPolicy=1}), but every Java thread is a Linux task of its own, which any
 * user may move to a lower class. A training thread goes to {@code SCHED_IDLE} ({@code chrt --idle}):
 * it runs on cores nothing else wants, and a request thread that wakes on its core takes it at once
 * (the kernel preempts an idle-class task for any other on wake-up), where a thread that is only
 * nicer waits for its slice to end. It also gets nice {@value #TRAINING_NICE}, which is what remains
 * where {@code chrt} is missing or refused: about a tenth of a core that request threads want too.
 * Best effort: elsewhere, or without either command, the thread keeps its priority.
 */
final class OsPriority {
    /** Nice value of training threads: weight 110 against 1024 for the threads that serve. */
    static final int TRAINING_NICE = 10;
    /** Linux's number for the idle scheduling class, as {@code /proc/<tid>/stat} shows it. */
    static final int SCHED_IDLE = 5;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private OsPriority() {
    }

    /**
     * Puts the calling thread in the idle scheduling class where the system allows it, and gives it
     * the nice value {@code nice} (unless it already runs at that priority or a lower one, a higher
     * value); false when neither could be done.
     */
    static boolean lowerCurrentThread(int nice) {
        try {
            OptionalInt now = currentThreadNice();
            if (now.isEmpty() || !Files.isSymbolicLink(THREAD_SELF)) {
                return false;
            }
            // "<pid>/task/<tid>": the thread's own id, which chrt and renice take like a process id.
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            boolean idle = run("chrt", "--idle", "--pid", "0", tid);
            boolean niced = now.getAsInt() >= nice || run("renice", "-n", Integer.toString(nice), "-p", tid);
            return idle || niced;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command to its end (at most five seconds); whether it succeeded. A missing command is a failure. */
    private static boolean run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The calling thread's nice value as the kernel has it; empty where it cannot be read. */
    static OptionalInt currentThreadNice() {
        return statField(19);
    }

    /** The calling thread's scheduling class (0 normal, {@value #SCHED_IDLE} idle); empty where it cannot be read. */
    static OptionalInt currentThreadPolicy() {
        return statField(41);
    }

    /** A numeric field of {@code /proc/thread-self/stat}, numbered as in proc(5). */
    private static OptionalInt statField(int field) {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"));
            // After the command name in parentheses (field 2) come fields 3, 4, ...
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[field - 3]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }
}
