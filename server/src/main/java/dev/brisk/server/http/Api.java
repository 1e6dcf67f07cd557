package dev.brisk.server.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import dev.brisk.server.security.AccessPolicy;
import dev.brisk.server.security.Role;

/**
 * Registers the API's routes on Javalin and remembers them, so that the OpenAPI document can be
 * checked against what is actually served.
 */
public final class Api {
    private final Javalin app;
    private final AccessPolicy access;
    private final List<Route> routes = new ArrayList<>();

    public Api(Javalin app, AccessPolicy access) {
        this.app = app;
        this.access = access;
    }

    /** One method and path pattern, as written in the OpenAPI document ({@code /items/{id}}), and the role it requires. */
    public record Route(String method, String path, Role role) {
    }

    public void get(String path, Role role, Handler handler) {
        add(HandlerType.GET, path, role, handler);
    }

    public void post(String path, Role role, Handler handler) {
        add(HandlerType.POST, path, role, handler);
    }

    public void put(String path, Role role, Handler handler) {
        add(HandlerType.PUT, path, role, handler);
    }

    public void patch(String path, Role role, Handler handler) {
        add(HandlerType.PATCH, path, role, handler);
    }

    public void delete(String path, Role role, Handler handler) {
        add(HandlerType.DELETE, path, role, handler);
    }

    /** Every route is registered with the role it requires, and the access policy checks it before the handler runs. */
    private void add(HandlerType method, String path, Role role, Handler handler) {
        app.addHttpHandler(method, path, ctx -> {
            access.check(ctx, role);
            handler.handle(ctx);
        });
        routes.add(new Route(method.name(), path, role));
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }
}
