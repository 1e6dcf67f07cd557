package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.FreePort;
import dev.brisk.server.support.SharedServices;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brisk serve} in a child JVM, as an operator runs it with its output going to a file: what
 * cannot start says so in one line and exits 1 (no stack trace), and the logs of a start that
 * works hold no terminal colour codes.
 */
class ServeFailuresTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String output) {
        List<String> lines() {
            return output.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private Process start(Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.brisk.server.cli.BriskCommand", "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile()).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BRISK_"));
        builder.environment().put("BRISK_HOST", "127.0.0.1");
        builder.environment().putAll(settings);
        return builder.start();
    }

    private Outcome serve(Map<String, String> settings) throws Exception {
        Process process = start(settings);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("brisk serve did not stop: " + output());
        }
        return new Outcome(process.exitValue(), output());
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("output.log"), StandardCharsets.UTF_8);
    }

    private Map<String, String> onSqlite(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_DB_URL", "jdbc:sqlite:" + dir.resolve("brisk.db"));
        env.put("BRISK_PORT", Integer.toString(port));
        env.put("BRISK_DEMO_DATA", "false");
        return env;
    }

    private static void assertOneLine(Outcome outcome, String expected) {
        assertThat(outcome.code()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.lines()).as(outcome.output()).hasSize(1);
        assertThat(outcome.lines().get(0)).contains(expected);
        assertThat(outcome.output()).doesNotContain("\tat ", "Exception", "\u001b[");
    }

    @Test
    void aPostgresDatabaseThatDoesNotExistIsOneLine() throws Exception {
        String missing = SharedServices.POSTGRES_URL.replaceFirst("/[^/?]+(\\?.*)?$", "/brisk_no_such_database");
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_DB_URL", missing);
        env.put("BRISK_DB_USER", SharedServices.POSTGRES_USER);
        env.put("BRISK_PORT", Integer.toString(FreePort.find()));
        assertOneLine(serve(env), "database \"brisk_no_such_database\" does not exist");
    }

    @Test
    void aBusyApiPortIsOneLineBeforeTheDatabaseIsOpened() throws Exception {
        try (ServerSocket taken = listen()) {
            assertOneLine(serve(onSqlite(taken.getLocalPort())),
                    "BRISK_PORT " + taken.getLocalPort() + " is already in use on 127.0.0.1");
        }
        assertThat(dir.resolve("brisk.db")).doesNotExist();
    }

    @Test
    void aBusyDashboardPortThatWasSetIsOneLine() throws Exception {
        try (ServerSocket taken = listen()) {
            Map<String, String> env = onSqlite(FreePort.find());
            env.put("BRISK_DASHBOARD_PORT", Integer.toString(taken.getLocalPort()));
            assertOneLine(serve(env), "BRISK_DASHBOARD_PORT " + taken.getLocalPort() + " is already in use");
        }
        assertThat(dir.resolve("brisk.db")).doesNotExist();
    }

    @Test
    void logsWrittenToAFileHoldNoColourCodes() throws Exception {
        Map<String, String> env = onSqlite(FreePort.find());
        env.put("BRISK_DASHBOARD_PORT", "0");
        Process process = start(env);
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!output().contains("Brisk is serving") && process.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(output()).contains("Brisk is serving").doesNotContain("\u001b");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(output()).doesNotContain("\u001b");
    }

    private static ServerSocket listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }
}
