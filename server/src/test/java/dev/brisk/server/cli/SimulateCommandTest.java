package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import dev.brisk.server.support.LocalBrisk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code brisk simulate} end to end: a bounded run against a real service, its JSON and table output. */
class SimulateCommandTest {
    @TempDir
    Path folder;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new BriskCommand()).execute(args);
            return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void printsAJsonSummaryThatMatchesTheStoredEvents() throws Exception {
        try (LocalBrisk service = LocalBrisk.start(folder, true)) {
            Run run = run("simulate", "--url", service.api().toString(), "--users", "3", "--rate", "100",
                    "--events", "30", "--user-prefix", "cli-u", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode summary = Json.MAPPER.readTree(run.out());
            assertThat(summary.path("state").asText()).isEqualTo("finished");
            assertThat(summary.at("/events/sent").asLong()).isEqualTo(30);
            assertThat(summary.at("/events/accepted").asLong()).isEqualTo(30);
            assertThat(summary.path("errors").asLong()).isZero();
            assertThat(summary.path("endpoints").path("POST /events").path("latency_ms").path("p95").isNumber()).isTrue();
            long stored = 0;
            for (int i = 1; i <= 3; i++) {
                stored += service.json("/users/cli-u" + i + "/activity?limit=1000").path("count").asLong();
            }
            assertThat(stored).isEqualTo(30);

            Run table = run("simulate", "--url", service.api().toString(), "--users", "2", "--rate", "50",
                    "--events", "10", "--user-prefix", "cli-t", "--quiet");
            assertThat(table.exitCode()).isZero();
            assertThat(table.out()).contains("finished", "Events: 10 sent, 10 accepted", "POST /events", "GET /recommend", "req/s", "p99 ms");
        }
    }

    @Test
    void refusesAnUnboundedOrInvalidRun() {
        Run run = run("simulate", "--users", "0", "--duration", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--duration must be a duration");
        Run bounds = run("simulate", "--users", "0", "--duration", "0");
        assertThat(bounds.exitCode()).isEqualTo(2);
        assertThat(bounds.err()).contains("users must be from 1", "ends by itself");
    }
}
