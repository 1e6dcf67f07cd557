package dev.brisk.bench.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Brisk being measured, with the bare server beside it: either a child JVM running
 * {@link BenchServer} from this same jar (its own heap, JIT and GC, and its own JVM options such as
 * a flight recording), or {@link BenchServer} inside the benchmark's JVM.
 */
abstract class ServerUnderTest implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 300;

    abstract int port();

    abstract int barePort();

    abstract String describe();

    /** The operating-system process whose memory is the server's. */
    abstract long pid();

    /** CPU time the server's process used so far (user and system), or -1 when it cannot be told apart. */
    abstract long cpuNanos();

    /**
     * How long the server's threads have waited, runnable, for a CPU (Linux schedstat, summed over
     * the threads alive now), or -1 when unknown. Over a phase it shows how much of the latency is
     * waiting for a core rather than work.
     */
    abstract long runQueueWaitNanos();

    static long runQueueWaitNanos(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (var threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    String[] fields = Files.readString(thread.resolve("schedstat")).trim().split(" ");
                    sum += Long.parseLong(fields[1]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    @Override
    public abstract void close();

    static ServerUnderTest inProcess(Map<String, String> env) {
        BenchServer server = BenchServer.start(env);
        return new ServerUnderTest() {
            int port() {
                return server.port();
            }

            int barePort() {
                return server.barePort();
            }

            String describe() {
                return "in-process";
            }

            long pid() {
                return ProcessHandle.current().pid();
            }

            long cpuNanos() {
                return -1;
            }

            long runQueueWaitNanos() {
                return -1;
            }

            public void close() {
                server.close();
            }
        };
    }

    /** Starts the child and waits for its ports; its output goes to {@code log}. */
    static ServerUnderTest child(Map<String, String> env, List<String> jvmOptions, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServer.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("BRISK_"));
        builder.environment().putAll(env);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = builder.start();
        PrintWriter logFile = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Deque<String> tail = new ArrayDeque<>();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, logFile, tail, ports), "bench-server-output");
        pump.setDaemon(true);
        pump.start();
        int[] found;
        try {
            found = ports.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("The server did not start within " + START_TIMEOUT_SECONDS
                    + " s; its output is in " + log);
        } catch (Exception e) {
            process.destroyForcibly();
            String output;
            synchronized (tail) {
                output = String.join("\n  ", tail);
            }
            throw new IllegalStateException("The server stopped before serving (exit code "
                    + exitCode(process) + "). Its last output:\n  " + output, e);
        }
        return new ServerUnderTest() {
            int port() {
                return found[0];
            }

            int barePort() {
                return found[1];
            }

            String describe() {
                return "child process " + process.pid() + (jvmOptions.isEmpty() ? "" : " " + String.join(" ", jvmOptions));
            }

            long pid() {
                return process.pid();
            }

            long cpuNanos() {
                return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            }

            long runQueueWaitNanos() {
                return runQueueWaitNanos(process.pid());
            }

            public void close() {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.flush();
                } catch (IOException ignored) {
                    // already gone
                }
                try {
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroy();
                        process.waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
                logFile.close();
            }
        };
    }

    /**
     * Runs {@code brisk serve} through the {@code brisk} script of the checkout, so that the server is
     * the production jar with exactly the JVM options the script gives it (its heap cap and collector;
     * {@code BRISK_HEAP} and {@code BRISK_JAVA_OPTS} of this environment still apply). The script
     * {@code exec}s java, so the process started is the server's JVM. Ready when {@code /ready} is 200.
     */
    static ServerUnderTest script(Path script, Map<String, String> env, int port, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "serve").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BRISK_") && !k.equals("BRISK_HEAP")
                && !k.equals("BRISK_JAVA_OPTS"));
        builder.environment().putAll(env);
        builder.environment().put("BRISK_PORT", Integer.toString(port));
        Process process = builder.start();
        ServerUnderTest server = new ServerUnderTest() {
            int port() {
                return port;
            }

            int barePort() {
                return -1;
            }

            String describe() {
                return script + " serve, process " + process.pid();
            }

            long pid() {
                return process.pid();
            }

            long cpuNanos() {
                return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            }

            long runQueueWaitNanos() {
                return runQueueWaitNanos(process.pid());
            }

            public void close() {
                process.destroy();
                try {
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        };
        // the script may build the jar first: allow for it
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        try (HttpConnection probe = new HttpConnection("127.0.0.1", port)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The server stopped before serving (exit code "
                            + process.exitValue() + "); its output is in " + log);
                }
                try {
                    if (probe.get("/ready").status() == 200) {
                        return server;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("The server was not ready within 15 minutes; its output is in " + log);
                }
                Thread.sleep(250);
            }
        }
    }

    /** A port no process listens on now (the server is told to use it). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void pump(Process process, PrintWriter logFile, Deque<String> tail, CompletableFuture<int[]> ports) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                logFile.println(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 30) {
                        tail.removeFirst();
                    }
                }
                if (line.startsWith(BenchServer.PORTS_LINE)) {
                    String[] parts = line.substring(BenchServer.PORTS_LINE.length()).trim().split(" ");
                    ports.complete(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
                }
            }
        } catch (IOException e) {
            // the child's output ended
        }
        ports.completeExceptionally(new IllegalStateException("the server's output ended"));
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
