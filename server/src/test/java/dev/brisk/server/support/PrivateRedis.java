package dev.brisk.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;

/**
 * A redis-server of the test's own on a free port (nothing persisted), which the test can kill
 * and start again on the same port to play an outage.
 */
public final class PrivateRedis implements AutoCloseable {
    private final int port = FreePort.find();
    private final Path dir;
    private Process process;

    public PrivateRedis(Path dir) {
        this.dir = dir;
        start();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server must be installed for this test", e);
        }
        if (!HttpJson.eventually(10_000, this::answers)) {
            throw new IllegalStateException("redis-server did not start on port " + port);
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            int n = s.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }
}
