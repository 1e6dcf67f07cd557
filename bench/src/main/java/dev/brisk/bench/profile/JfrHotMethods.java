package dev.brisk.bench.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Summarises a flight recording of the server, for BENCHMARKS.md: execution samples by thread
 * group, the hottest methods by self time and by total time (anywhere on the sampled stack), GC
 * pauses, and CPU per thread group from {@code jdk.ThreadCPULoad}; optionally only during one phase of an
 * HTTP benchmark run (its measured window, read from the run's JSON).
 *
 * <p>Record with {@code --server-jvm-option=-XX:StartFlightRecording=filename=target/server.jfr,settings=profile,jdk.ThreadCPULoad#period=1s}
 * on the HTTP benchmark, then:
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.profile.JfrHotMethods target/server.jfr \
 *     --run target/http-bench.json --phase recommend-cached</pre>
 */
@Command(name = "jfr-hot-methods", mixinStandardHelpOptions = true,
        description = "Hot methods and CPU by thread of a flight recording.")
public final class JfrHotMethods implements Callable<Integer> {
    private static final String MACHINE = "(the whole machine, every process)";
    private static final String JVM = "(this JVM)";

    @Parameters(index = "0", description = "The recording (.jfr)")
    Path recording;

    @Option(names = "--top", defaultValue = "25", description = "Lines per list. Default: ${DEFAULT-VALUE}")
    int top;

    @Option(names = "--filter", defaultValue = "", description = "Total-time list: only methods of classes whose qualified name contains this")
    String filter;

    @Option(names = "--callers", description = "Also list the most frequent stacks (5 frames) under which this method is the top frame")
    String callers;

    @Option(names = "--run", description = "The HTTP benchmark's JSON, to restrict the recording to one phase")
    Path run;

    @Option(names = "--phase", description = "The phase (with --run) whose measured window to keep")
    String phase;

    public static void main(String[] args) {
        System.exit(new CommandLine(new JfrHotMethods()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        if (run != null && phase != null) {
            JsonNode found = null;
            for (JsonNode p : Json.MAPPER.readTree(run.toFile()).path("phases")) {
                if (phase.equals(p.path("name").asText())) {
                    found = p;
                }
            }
            if (found == null) {
                System.err.println("No phase " + phase + " in " + run);
                return 2;
            }
            from = found.path("measured_from").asLong();
            to = found.path("measured_to").asLong();
            System.out.println("Phase " + phase + ": " + (to - from) / 1000.0 + " s");
        }
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> callerStacks = new HashMap<>();
        Map<String, double[]> cpu = new HashMap<>();
        long samples = 0;
        List<Double> pauses = new ArrayList<>();
        double heapAfterGc = 0;
        int heapSummaries = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            long at = e.getStartTime().toEpochMilli();
            if (at < from || at > to) {
                continue;
            }
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample")) {
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                String thread = group(threadName(e, "sampledThread"));
                byThread.merge(thread + (type.equals("jdk.NativeMethodSample") ? " (in native code)" : ""), 1L,
                        Long::sum);
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                if (callers != null && name(frames.get(0)).contains(callers)) {
                    StringBuilder path = new StringBuilder();
                    for (int i = 0; i < Math.min(6, frames.size()); i++) {
                        path.append(i == 0 ? "" : " <- ").append(name(frames.get(i)));
                    }
                    callerStacks.merge(path.toString(), 1L, Long::sum);
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (f.getMethod().getType().getName().contains(filter) && seen.add(n)) {
                        total.merge(n, 1L, Long::sum);
                    }
                }
            } else if (type.equals("jdk.ThreadCPULoad")) {
                double[] sum = cpu.computeIfAbsent(threadName(e, "eventThread"), t -> new double[2]);
                sum[0] += e.getFloat("user") + e.getFloat("system");
                sum[1]++;
            } else if (type.equals("jdk.GarbageCollection")) {
                pauses.add(e.getDuration("longestPause").toNanos() / 1e6);
            } else if (type.equals("jdk.GCHeapSummary") && "After GC".equals(e.getString("when"))) {
                heapAfterGc += e.getLong("heapUsed");
                heapSummaries++;
            } else if (type.equals("jdk.CPULoad")) {
                double[] machine = cpu.computeIfAbsent(MACHINE, t -> new double[2]);
                machine[0] += e.getFloat("machineTotal");
                machine[1]++;
                double[] jvm = cpu.computeIfAbsent(JVM, t -> new double[2]);
                jvm[0] += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                jvm[1]++;
            }
        }
        System.out.println("Samples (Java and native): " + samples
                + " (native samples are threads waiting in native code as well as working there)");
        print("Samples by thread group", byThread, samples);
        print("Self time (top frame)", self, samples);
        print("Total time (on the stack)" + (filter.isEmpty() ? "" : ", methods containing '" + filter + "'"), total,
                samples);
        if (!pauses.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nGC: %d collections, pauses %.0f ms in all, longest %.1f ms, %d over 10 ms;"
                            + " heap used after GC %.0f MB on average%n", pauses.size(),
                    pauses.stream().mapToDouble(Double::doubleValue).sum(),
                    pauses.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    pauses.stream().filter(p -> p > 10).count(),
                    heapSummaries == 0 ? 0 : heapAfterGc / heapSummaries / 1e6);
        }
        if (callers != null) {
            print("Stacks under " + callers, callerStacks, samples);
        }
        if (!cpu.isEmpty()) {
            Map<String, Double> byGroup = new HashMap<>();
            cpu.forEach((thread, sum) -> byGroup.merge(thread.startsWith("(") ? thread : group(thread),
                    sum[0] / sum[1], Double::sum));
            System.out.println("\nCPU load by thread group (mean over the window; 100% = every core of the machine busy;"
                    + " jdk.ThreadCPULoad, jdk.CPULoad)");
            byGroup.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(top)
                    .forEach(en -> System.out.printf(Locale.ROOT, "  %6.1f%%  %s%n", 100 * en.getValue(), en.getKey()));
        }
        return 0;
    }

    private static String threadName(RecordedEvent e, String field) {
        RecordedThread t = e.getThread(field);
        return t == null || t.getJavaName() == null ? "?" : t.getJavaName();
    }

    /** Pool threads by pool: "JettyServerThreadPool-27" becomes "JettyServerThreadPool-*". */
    private static String group(String thread) {
        return thread.replaceAll("-\\d+$", "-*").replaceAll("\\d+$", "*");
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private void print(String title, Map<String, Long> counts, long samples) {
        System.out.println("\n" + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * en.getValue() / samples,
                        en.getKey()));
    }
}
