package dev.brisk.server.http;

import dev.brisk.server.security.AccessPolicy;
import dev.brisk.server.store.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import java.util.function.Consumer;

/**
 * The API's HTTP server (Javalin on Jetty): JSON through the process's one mapper, the body size
 * limit, 405 for a known path with a wrong method, JSON errors for everything, then the routes
 * that the composition root hands in.
 */
public final class HttpServer implements AutoCloseable {
    /** See where it is set: large enough for most answers in one copy, small enough to be cheap per answer. */
    static final int RESPONSE_COPY_BUFFER_BYTES = 2048;
    private final Javalin app;
    private final Api api;

    /**
     * What a connection may take: the longest it may sit without sending or receiving (which
     * bounds the time to send a request's headers), the slowest body it may send (bytes per
     * second, averaged from its start; 0 for no bound), and how many connections one client
     * address may hold.
     */
    public record Limits(int idleTimeoutMillis, int minBodyBytesPerSecond, int maxConnectionsPerClient) {
        /** Jetty's own defaults: no bound beyond the idle timeout. */
        public static final Limits LENIENT = new Limits(30_000, 0, Integer.MAX_VALUE);
    }

    private final Limits limits;

    public HttpServer(Bodies bodies, AccessPolicy access, List<Consumer<Api>> routes) {
        this(bodies, access, routes, List.of());
    }

    public HttpServer(Bodies bodies, AccessPolicy access, List<Consumer<Api>> routes, List<Consumer<Javalin>> pages) {
        this(bodies, access, routes, pages, Limits.LENIENT);
    }

    /**
     * @param pages handlers that are not part of the API (such as the dashboard's files, or
     *              before-handlers like CORS), so they are neither listed in {@link #routes()}
     *              nor in the OpenAPI document
     */
    public HttpServer(Bodies bodies, AccessPolicy access, List<Consumer<Api>> routes, List<Consumer<Javalin>> pages,
                      Limits limits) {
        this(bodies, access, routes, pages, limits, RequestObserver.NONE);
    }

    /** @param observer told of every answered request, with the route template that matched */
    public HttpServer(Bodies bodies, AccessPolicy access, List<Consumer<Api>> routes, List<Consumer<Javalin>> pages,
                      Limits limits, RequestObserver observer) {
        long maxBodyBytes = bodies.maxBytes();
        this.limits = limits;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> {
                handler.setErrorHandler(new JsonErrorHandler());
                // The minimum body rate, with a grace Jetty's own check lacks (see MinimumBodyRate).
                handler.addFilter(new org.eclipse.jetty.servlet.FilterHolder(
                        new MinimumBodyRate(limits.minBodyBytesPerSecond())), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            });
            config.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(limits.idleTimeoutMillis()));
            config.http.maxRequestSize = maxBodyBytes;
            config.http.prefer405over404 = true;
            config.http.generateEtags = false;
            // The buffer each answer is copied through on its way to Jetty's own output buffer; left unset,
            // Javalin allocates one as large as Jetty's (32 KiB) for every answer, which was most of what the
            // request threads allocated (answers are a few hundred bytes to a few KiB).
            config.http.responseBufferSize = RESPONSE_COPY_BUFFER_BYTES;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.staticFiles.enableWebjars();
            config.requestLogger.http((ctx, millis) -> observer.served(ctx.method().name(), routeOf(ctx),
                    ctx.statusCode(), (long) (millis * 1_000_000)));
        });
        ErrorMapper.install(app);
        app.before(ctx -> {
            String length = ctx.header("Content-Length");
            if (length != null && isLength(length) && Long.parseLong(length) > maxBodyBytes) {
                throw bodies.tooLarge();
            }
        });
        this.api = new Api(app, access);
        routes.forEach(r -> r.accept(api));
        pages.forEach(p -> p.accept(app));
    }

    /** 1 to 18 digits: a Content-Length that fits a long (checked without a regular expression on every request). */
    static boolean isLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String routeOf(Context ctx) {
        try {
            String route = ctx.endpointHandlerPath();
            return route.isEmpty() || ctx.statusCode() == 404 ? RequestObserver.UNMATCHED : route;
        } catch (IllegalStateException refusedBeforeRouting) {
            return RequestObserver.UNMATCHED;
        }
    }

    public Javalin javalin() {
        return app;
    }

    public List<Api.Route> routes() {
        return api.routes();
    }

    public int start(String host, int port) {
        app.start(host, port);
        ClientConnectionLimit perClient = new ClientConnectionLimit(limits.maxConnectionsPerClient());
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof AbstractConnector c) {
                // Read for each new connection, so setting them after the start takes effect.
                c.setIdleTimeout(limits.idleTimeoutMillis());
                c.addBean(perClient);
            }
        }
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
