package dev.brisk.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Brisk in a child JVM (the test's own classpath), so that a test can kill it with SIGKILL. */
public final class ServiceProcess implements AutoCloseable {
    private final Map<String, String> env;
    private final Path log;
    private final int port = FreePort.find();
    private Process process;

    public ServiceProcess(Map<String, String> env, Path log) {
        this.env = env;
        this.log = log;
    }

    public int port() {
        return port;
    }

    public void start() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.brisk.server.cli.BriskCommand", "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("BRISK_PORT", Integer.toString(port));
        builder.environment().put("BRISK_HOST", "127.0.0.1");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpJson http = new HttpJson(port);
        // Generous: a child JVM starting beside a busy build can take a minute and more.
        if (!HttpJson.eventually(150_000, () -> process.isAlive() && answers(http))) {
            throw new IllegalStateException("Brisk did not start; see " + log);
        }
    }

    private static boolean answers(HttpJson http) {
        try {
            return http.get("/health").status() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** SIGKILL: the process gets no chance to flush or shut down. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
