package dev.brisk.server.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the calling thread's priority where it counts: at the operating system's scheduler. Java's
 * thread priorities do not reach Linux (unless the JVM runs as root with
 * {@code -XX:ThreadPriorityPolicy=1}), but every Java thread is a Linux task of its own, whose nice
 * value any user may raise. A training thread at nice {@value #TRAINING_NICE} gets about a tenth of
 * a core that request threads (nice 0) want too, and every idle core to itself. Best effort:
 * elsewhere, or without {@code renice}, the thread keeps its priority.
 */
final class OsPriority {
    /** Nice value of training threads: weight 110 against 1024 for the threads that serve. */
    static final int TRAINING_NICE = 10;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private OsPriority() {
    }

    /**
     * Gives the calling thread the nice value {@code nice}, unless it already runs at that priority
     * or a lower one (a higher value); false when it could not be done.
     */
    static boolean lowerCurrentThread(int nice) {
        try {
            java.util.OptionalInt now = currentThreadNice();
            if (now.isEmpty() || !Files.isSymbolicLink(THREAD_SELF)) {
                return false;
            }
            if (now.getAsInt() >= nice) {
                return true;
            }
            // "<pid>/task/<tid>": the thread's own id, which renice takes like a process id.
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return renice.waitFor(5, TimeUnit.SECONDS) && renice.exitValue() == 0;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The calling thread's nice value as the kernel has it; empty where it cannot be read. */
    static java.util.OptionalInt currentThreadNice() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"));
            // After the command name in parentheses: state is field 3, nice field 19.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.OptionalInt.of(Integer.parseInt(fields[16]));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
    }
}
