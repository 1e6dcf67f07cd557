package dev.brisk.server.http;

import dev.brisk.server.security.AccessPolicy;
import dev.brisk.server.store.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.function.Consumer;

/**
 * The API's HTTP server (Javalin on Jetty): JSON through the process's one mapper, the body size
 * limit, 405 for a known path with a wrong method, JSON errors for everything, then the routes
 * that the composition root hands in.
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;
    private final Api api;

    public HttpServer(Bodies bodies, AccessPolicy access, List<Consumer<Api>> routes) {
        this(bodies, access, routes, List.of());
    }

    /**
     * @param pages handlers that are not part of the API (such as the dashboard's files), so they
     *              are neither listed in {@link #routes()} nor in the OpenAPI document
     */
    public HttpServer(Bodies bodies, AccessPolicy access, List<Consumer<Api>> routes, List<Consumer<Javalin>> pages) {
        long maxBodyBytes = bodies.maxBytes();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBodyBytes;
            config.http.prefer405over404 = true;
            config.http.generateEtags = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.staticFiles.enableWebjars();
        });
        ErrorMapper.install(app);
        app.before(ctx -> {
            String length = ctx.header("Content-Length");
            if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
                throw bodies.tooLarge();
            }
        });
        this.api = new Api(app, access);
        routes.forEach(r -> r.accept(api));
        pages.forEach(p -> p.accept(app));
    }

    public Javalin javalin() {
        return app;
    }

    public List<Api.Route> routes() {
        return api.routes();
    }

    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
