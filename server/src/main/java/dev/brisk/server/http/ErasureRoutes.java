package dev.brisk.server.http;

import dev.brisk.server.ingest.Eraser;
import dev.brisk.server.security.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The right to be forgotten (admin). {@code DELETE /users/{id}} — erases the user's events,
 * profile, sessions, served lists, cached lists and the user entity of {@code PUT /users/{id}}, on
 * every instance; the next model version is trained without them. Answers the counts removed
 * ({@code events}, {@code profiles}, {@code recommendation_logs}: the served lists, {@code users}); erasing again
 * answers zeros. {@code DELETE /events/{event_id}} —
 * erases one event and rebuilds its user's profile; 404 when no event has that id.
 */
public final class ErasureRoutes {
    private final Eraser eraser;

    public ErasureRoutes(Eraser eraser) {
        this.eraser = eraser;
    }

    public void register(Api api) {
        api.delete("/users/{id}", Role.ADMIN, ctx -> {
            Query.of(ctx);
            String user = Query.checkId("user id", ctx.pathParam("id"));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("user_id", user);
            answer.put("erased", eraser.eraseUser(user));
            ctx.json(answer);
        });
        api.delete("/events/{event_id}", Role.ADMIN, ctx -> {
            Query.of(ctx);
            String eventId = Query.checkId("event id", ctx.pathParam("event_id"));
            Optional<String> user = eraser.eraseEvent(eventId);
            if (user.isEmpty()) {
                throw ApiException.notFound("No event " + eventId);
            }
            ctx.json(Map.of("event_id", eventId, "user_id", user.get(), "erased", true));
        });
    }
}
