package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brisk generate} asked for more events than its heap holds says what to do, in one line, and exits 1. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void tooManyEventsForTheHeapIsOneLineNamingTheSetting() throws Exception {
        Path output = dir.resolve("output.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), "dev.brisk.server.cli.BriskCommand", "generate",
                "--users", "1000", "--items", "500", "--events", "3000000", "--out", dir.resolve("out").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        assertThat(process.exitValue()).as(text).isEqualTo(1);
        assertThat(lines).as(text).hasSize(1);
        assertThat(lines.get(0)).contains("3,000,000 events do not fit", "BRISK_HEAP");
        assertThat(text).doesNotContain("\tat ", "OutOfMemoryError");
    }
}
