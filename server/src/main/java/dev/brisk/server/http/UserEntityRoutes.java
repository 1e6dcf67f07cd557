package dev.brisk.server.http;

import dev.brisk.core.event.Validated;
import dev.brisk.core.profile.UserEntity;
import dev.brisk.core.profile.UserProfile;
import dev.brisk.server.recommend.SimilarUsersService;
import dev.brisk.server.security.Role;
import dev.brisk.server.store.ProfileStore;
import dev.brisk.server.store.UserStore;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Users as entities. {@code PUT /users/{id}} creates or replaces what the owner says about a user:
 * {@code labels} (categories) and {@code properties} (strings, numbers, booleans), 201 when new.
 * {@code GET /users/{id}} — those, with {@code created_at} and {@code updated_at} (null for a user
 * known only from events), and {@code profile}: a short summary of what the events say (null
 * without events); 404 for a user with neither. {@code GET /users/{id}/similar?n=10} — the users
 * with the most similar taste (cosine of ALS factors, see {@link SimilarUsersService}); 404 for an
 * unknown user, 503 while no ALS model is trained. {@code DELETE /users/{id}} (erasure) removes
 * the entity too.
 */
public final class UserEntityRoutes {
    private static final int FAVORITE_GENRES = 3;

    private final UserStore users;
    private final ProfileStore profiles;
    private final SimilarUsersService similar;
    private final Bodies bodies;

    public UserEntityRoutes(UserStore users, ProfileStore profiles, SimilarUsersService similar, Bodies bodies) {
        this.users = users;
        this.profiles = profiles;
        this.similar = similar;
        this.bodies = bodies;
    }

    public void register(Api api) {
        api.put("/users/{id}", Role.ADMIN, this::put);
        api.get("/users/{id}", Role.READ, this::get);
        api.get("/users/{id}/similar", Role.READ, this::similar);
    }

    private void put(Context ctx) throws Exception {
        Query.of(ctx);
        String id = Query.checkId("user id", ctx.pathParam("id"));
        Map<String, Object> body = ItemRoutes.objectBody(ctx, bodies, "a user object (labels, properties)");
        Validated<UserEntity> v = UserEntity.validate(body, id, System.currentTimeMillis());
        if (!v.isValid()) {
            throw ApiException.invalid("Invalid user: " + v.summary(), Map.of("problems", v.problems()));
        }
        boolean created = users.upsert(v.value());
        ctx.status(created ? 201 : 200).json(view(id, users.find(id), profiles.find(id)));
    }

    private void get(Context ctx) {
        Query.of(ctx);
        String id = Query.checkId("user id", ctx.pathParam("id"));
        ctx.json(view(id, users.find(id), profiles.find(id)));
    }

    private void similar(Context ctx) {
        Query q = Query.of(ctx, "n");
        String id = Query.checkId("user id", ctx.pathParam("id"));
        int n = q.integer("n", 10, 1, RecommendRoutes.MAX_N);
        if (users.find(id).isEmpty() && profiles.find(id).isEmpty()) {
            throw ApiException.notFound("No user " + id);
        }
        SimilarUsersService.SimilarUsers found = similar.similar(id, n);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", found.userId());
        body.put("model", found.model());
        body.put("model_version", found.modelVersion());
        body.put("users", found.users().stream().map(e -> Map.of("rank", e.rank(), "user_id", e.userId(),
                "score", e.score())).toList());
        ctx.json(body);
    }

    private static Map<String, Object> view(String id, Optional<UserEntity> entity, Optional<UserProfile> profile) {
        if (entity.isEmpty() && profile.isEmpty()) {
            throw ApiException.notFound("No user " + id);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_id", id);
        m.put("labels", entity.map(UserEntity::labels).orElse(java.util.List.of()));
        m.put("properties", entity.map(UserEntity::properties).orElse(Map.of()));
        m.put("created_at", entity.map(u -> Instant.ofEpochMilli(u.createdAt()).toString()).orElse(null));
        m.put("updated_at", entity.map(u -> Instant.ofEpochMilli(u.updatedAt()).toString()).orElse(null));
        m.put("profile", profile.map(UserEntityRoutes::summary).orElse(null));
        return m;
    }

    private static Map<String, Object> summary(UserProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_interactions", p.totalInteractions());
        m.put("favorite_genres", p.favoriteGenres(FAVORITE_GENRES));
        m.put("session_count", p.sessionCount());
        m.put("first_interaction", Instant.ofEpochMilli(p.firstInteraction()).toString());
        m.put("last_interaction", Instant.ofEpochMilli(p.lastInteraction()).toString());
        return m;
    }
}
