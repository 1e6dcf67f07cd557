package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.support.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code brisk keys create | list | revoke} on the database a running service uses, which sees each change. */
class KeysCommandTest {

    @Test
    void createListAndRevokeReachTheRunningService(@TempDir Path dir) throws Exception {
        try (TestService service = TestService.start(dir)) {
            Map<String, String> env = service.config().toEnvironment(); // the same database, SQLite or PostgreSQL
            RawHttp http = new RawHttp(service.port());
            assertThat(http.get("/cache/stats", Map.of()).status()).as("open before any key").isEqualTo(200);

            ByteArrayOutputStream created = new ByteArrayOutputStream();
            KeysCommand.Create create = new KeysCommand.Create();
            create.environment = env;
            create.out = new PrintStream(created, true, StandardCharsets.UTF_8);
            assertThat(new CommandLine(create).execute("--role", "admin", "--name", "ops")).isZero();
            String key = created.toString(StandardCharsets.UTF_8).trim();
            assertThat(key).startsWith("brisk_").hasSizeGreaterThanOrEqualTo(40);

            awaitStatus(http, "/cache/stats", Map.of(), 401);
            assertThat(http.get("/cache/stats", RawHttp.bearer(key)).status()).isEqualTo(200);

            ByteArrayOutputStream listed = new ByteArrayOutputStream();
            KeysCommand.ListKeys list = new KeysCommand.ListKeys();
            list.environment = env;
            list.out = new PrintStream(listed, true, StandardCharsets.UTF_8);
            assertThat(new CommandLine(list).execute("--json")).isZero();
            String listing = listed.toString(StandardCharsets.UTF_8);
            assertThat(listing).contains("\"ops\"").contains("\"admin\"").doesNotContain(key);
            String id = dev.brisk.server.store.Json.MAPPER.readTree(listing).path("keys").get(0).path("id").asText();

            KeysCommand.Revoke revoke = new KeysCommand.Revoke();
            revoke.environment = env;
            revoke.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            assertThat(new CommandLine(revoke).execute(id)).isZero();
            assertThat(new CommandLine(revoke).execute(id)).isEqualTo(1);
            // No active key left: the service is open again (it listens on loopback).
            awaitStatus(http, "/cache/stats", RawHttp.bearer(key), 200);

            assertThat(new CommandLine(new KeysCommand.Create()).execute("--role", "root", "--name", "x")).isEqualTo(2);
        }
    }

    private static void awaitStatus(RawHttp http, String path, Map<String, String> headers, int status) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (http.get(path, headers).status() == status) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(http.get(path, headers).status()).isEqualTo(status);
    }
}
