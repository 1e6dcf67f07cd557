package dev.brisk.server.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the API's routes on Javalin and remembers them, so that the OpenAPI document can be
 * checked against what is actually served.
 */
public final class Api {
    private final Javalin app;
    private final List<Route> routes = new ArrayList<>();

    public Api(Javalin app) {
        this.app = app;
    }

    /** One method and path pattern, as written in the OpenAPI document ({@code /items/{id}}). */
    public record Route(String method, String path) {
    }

    public void get(String path, Handler handler) {
        add(HandlerType.GET, path, handler);
    }

    public void post(String path, Handler handler) {
        add(HandlerType.POST, path, handler);
    }

    public void put(String path, Handler handler) {
        add(HandlerType.PUT, path, handler);
    }

    public void delete(String path, Handler handler) {
        add(HandlerType.DELETE, path, handler);
    }

    private void add(HandlerType method, String path, Handler handler) {
        app.addHttpHandler(method, path, handler);
        routes.add(new Route(method.name(), path));
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }
}
