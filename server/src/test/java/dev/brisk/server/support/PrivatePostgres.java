package dev.brisk.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own, made with the installed server's initdb in a temporary
 * folder and run with pg_ctl on a free port, so that a test can stop and start it. As root the
 * commands run as the {@code postgres} user (the server refuses to run as root).
 */
public final class PrivatePostgres implements AutoCloseable {
    private final int port = FreePort.find();
    private final Path home;
    private final Path data;
    private final Path bin;
    private final boolean asPostgresUser;

    public PrivatePostgres() {
        try {
            bin = findBin();
            asPostgresUser = "root".equals(System.getProperty("user.name"));
            home = Files.createTempDirectory("brisk-pg-");
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            data = home.resolve("data");
            if (asPostgresUser) {
                run(List.of("chown", "postgres:postgres", home.toString()), false);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--no-sync"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public void start() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30", "-l",
                home.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), true);
        if (!HttpJson.eventually(20_000, this::answers)) {
            throw new IllegalStateException("The private PostgreSQL did not start on port " + port);
        }
    }

    /** Stops the server at once, dropping every connection, as an outage would. */
    public void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-m", "immediate", "stop"), true);
    }

    private boolean answers() {
        try (var c = DriverManager.getConnection(url(), "postgres", "")) {
            return c.isValid(2);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private void run(List<String> command, boolean asServerUser) {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        Process p = new ProcessBuilder("pg_config", "--bindir").start();
        return Path.of(new String(p.getInputStream().readAllBytes()).trim());
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
