package dev.brisk.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.security.ApiKeys;
import dev.brisk.server.security.KeyAccessPolicy;
import dev.brisk.server.security.Role;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * API keys (admin). {@code POST /keys} {@code {"role": "read"|"write"|"admin", "name"}} → 201
 * {@code {id, key, role, name, created_at}}: the only answer that holds the key itself.
 * {@code GET /keys} — every key without its secret (id, name, role, its first characters, when
 * made and revoked). {@code DELETE /keys/{id}} — revokes at once (404 for no such active key).
 * {@code GET /access} (no key needed) — whether keys are required and what the presented key may
 * do, for the dashboard's login.
 */
public final class KeyRoutes {
    private static final Set<String> FIELDS = Set.of("role", "name");

    private final ApiKeys keys;
    private final KeyAccessPolicy access;
    private final Bodies bodies;

    public KeyRoutes(ApiKeys keys, KeyAccessPolicy access, Bodies bodies) {
        this.keys = keys;
        this.access = access;
        this.bodies = bodies;
    }

    public void register(Api api) {
        api.post("/keys", Role.ADMIN, this::create);
        api.get("/keys", Role.ADMIN, ctx -> {
            Query.of(ctx);
            ctx.json(Map.of("keys", keys.list()));
        });
        api.delete("/keys/{id}", Role.ADMIN, ctx -> {
            Query.of(ctx);
            String id = ctx.pathParam("id");
            if (!keys.revoke(id)) {
                throw ApiException.notFound("No active key " + id);
            }
            ctx.json(Map.of("id", id, "revoked", true));
        });
        api.get("/access", Role.PUBLIC, ctx -> {
            Query.of(ctx);
            ctx.json(access.describe(ctx));
        });
    }

    private void create(Context ctx) throws Exception {
        Query.of(ctx);
        JsonNode body = ItemRoutes.jsonBody(ctx, bodies);
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be an object {\"role\", \"name\"}");
        }
        Map<String, Object> problems = new LinkedHashMap<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.put(f, "unknown field; accepted fields are name, role");
            }
        });
        Role role = ApiKeys.role(body.path("role").asText(null)).orElse(null);
        if (role == null) {
            problems.put("role", "must be read, write or admin");
        }
        String name = body.path("name").isTextual() ? body.path("name").textValue().trim() : "";
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            problems.put("name", "must be a non-empty string of at most 100 printable characters");
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("Invalid key request: " + problems, Map.of("problems", problems));
        }
        ApiKeys.Created created = keys.create(role, name);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", created.id());
        answer.put("key", created.key());
        answer.put("role", role.name().toLowerCase(java.util.Locale.ROOT));
        answer.put("name", created.name());
        answer.put("created_at", java.time.Instant.ofEpochMilli(created.createdAt()).toString());
        ctx.status(201).json(answer);
    }
}
