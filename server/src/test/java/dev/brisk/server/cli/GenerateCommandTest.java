package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brisk generate} in a child JVM: asked for more events than its heap holds, or given a value it
 * cannot use, it says what to do in one line and exits 1, without a stack trace.
 */
class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void tooManyEventsForTheHeapIsOneLineNamingTheSetting() throws Exception {
        String line = failure("-Xmx48m", "--users", "1000", "--items", "500", "--events", "3000000");
        assertThat(line).contains("3,000,000 events do not fit", "BRISK_HEAP");
    }

    @Test
    void aValueItCannotUseIsOneLineSayingWhy() throws Exception {
        assertThat(failure("-Xmx256m", "--events", "-5")).isEqualTo(
                "brisk generate: events must be at least users (500) so every user has one, got -5");
        assertThat(failure("-Xmx256m", "--days", "0")).isEqualTo("brisk generate: days must be at least 1, got 0");
    }

    /** Runs the command, expects exit code 1 and one line of output without a stack trace, and returns that line. */
    private String failure(String heap, String... args) throws Exception {
        Path output = dir.resolve("output.log");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-cp",
                System.getProperty("java.class.path"), "dev.brisk.server.cli.BriskCommand", "generate",
                "--out", dir.resolve("out").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        assertThat(process.exitValue()).as(text).isEqualTo(1);
        assertThat(lines).as(text).hasSize(1);
        assertThat(text).doesNotContain("\tat ", "Exception", "OutOfMemoryError");
        return lines.get(0);
    }
}
