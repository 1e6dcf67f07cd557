package dev.brisk.bench.http;

import dev.brisk.server.app.Brisk;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.app.ConfigException;
import dev.brisk.server.http.Api;
import dev.brisk.server.http.Bodies;
import dev.brisk.server.http.HttpServer;
import dev.brisk.server.security.AccessPolicy;
import dev.brisk.server.security.Role;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server side of the HTTP benchmark: Brisk started through its composition root from
 * {@code BRISK_*} variables, and beside it, in the same JVM, a bare {@link HttpServer} (the same
 * Javalin set-up, filters and JSON mapper as Brisk's) that serves only {@code GET /ping}, a
 * constant JSON object. Run as a child process, it prints its ports and stops when its standard
 * input closes, so it never outlives the benchmark that started it.
 */
public final class BenchServer implements AutoCloseable {
    static final String PORTS_LINE = "BENCH_SERVER_PORTS ";
    private static final Map<String, String> PONG = Map.of("status", "ok");

    private final Brisk brisk;
    private final HttpServer bare;
    private final int barePort;

    private BenchServer(Brisk brisk, HttpServer bare, int barePort) {
        this.brisk = brisk;
        this.bare = bare;
        this.barePort = barePort;
    }

    /** Starts Brisk and the bare server; throws {@link ConfigException} when Brisk refuses the settings. */
    static BenchServer start(Map<String, String> env) {
        BriskConfig config = BriskConfig.fromEnvironment(env);
        Brisk brisk = Brisk.start(config);
        try {
            HttpServer bare = new HttpServer(new Bodies(config.maxBodyBytes()), AccessPolicy.OPEN,
                    List.<Consumer<Api>>of(api -> api.get("/ping", Role.PUBLIC, ctx -> ctx.json(PONG))));
            return new BenchServer(brisk, bare, bare.start(config.host(), 0));
        } catch (RuntimeException e) {
            brisk.close();
            throw e;
        }
    }

    int port() {
        return brisk.port();
    }

    int barePort() {
        return barePort;
    }

    @Override
    public void close() {
        bare.close();
        brisk.close();
    }

    public static void main(String[] args) throws IOException {
        BenchServer server;
        try {
            server = start(System.getenv());
        } catch (ConfigException e) {
            System.err.println("Brisk refused its settings: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(PORTS_LINE + server.port() + " " + server.barePort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent holds our stdin open for as long as it wants us running
        }
        server.close();
        System.exit(0);
    }
}
