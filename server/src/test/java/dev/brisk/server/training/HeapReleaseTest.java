package dev.brisk.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a burst of allocation (a training run), the heap is given back to the operating system in
 * a JVM started with the collector options of {@code ./brisk} — and nothing is asked of the
 * collector in a JVM without {@code -XX:+ExplicitGCInvokesConcurrent}, where it would stop the world.
 */
class HeapReleaseTest {
    private static final List<String> BRISK_GC = List.of("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30");

    @Test
    void theHeapABurstGrewShrinksBackAfterwards() throws Exception {
        List<String> options = new ArrayList<>(BRISK_GC);
        options.add("-XX:+ExplicitGCInvokesConcurrent");
        String[] figures = burstIn(options);
        assertThat(figures[0]).isEqualTo("true");
        long before = Long.parseLong(figures[1]);
        long after = Long.parseLong(figures[2]);
        assertThat(before).as("the burst grew the committed heap (MB)").isGreaterThan(200);
        assertThat(after).as("committed heap (MB) after the release, from %d", before).isLessThan(before / 4);
    }

    @Test
    void withoutAConcurrentExplicitCollectionNothingIsAsked() throws Exception {
        String[] figures = burstIn(BRISK_GC);
        assertThat(figures[0]).isEqualTo("false");
        assertThat(Long.parseLong(figures[2])).as("nothing shrank the heap").isGreaterThan(200);
    }

    /** Runs {@link Burst} in a JVM of its own: whether it released, committed MB before and after. */
    private static String[] burstIn(List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Burst.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = r.lines().reduce("", (a, b) -> a + b + "\n");
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
        return last.split(" ");
    }

    /** Allocates 400 MB that it then drops, releases, and prints: released, committed MB before, after. */
    public static final class Burst {
        static volatile Object sink;

        public static void main(String[] args) throws Exception {
            Object[] held = new Object[400];
            for (int i = 0; i < held.length; i++) {
                held[i] = new byte[1 << 20];
            }
            sink = held;
            sink = null;
            held = null;
            long before = committedMb();
            boolean released = HeapRelease.afterBurst();
            long after = committedMb();
            for (int i = 0; i < 50 && released && after >= before / 4; i++) {
                Thread.sleep(100); // the concurrent cycle shrinks the heap when it ends
                after = committedMb();
            }
            System.out.println(released + " " + before + " " + after);
        }

        private static long committedMb() {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return heap.getCommitted() >> 20;
        }
    }
}
