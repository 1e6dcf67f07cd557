package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.support.RawHttp;
import dev.brisk.server.support.RawHttp.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every role against every class of endpoint: without a key, with an unknown or revoked one (401,
 * the same answer), with a role too low (403), with enough (answered). Then the key endpoints
 * themselves, and that the public endpoints need nothing.
 */
class AccessControlTest {
    private static final String ADMIN = "access-test-admin-key-0123456789abcdef";

    @TempDir
    static Path dir;
    static TestService service;
    static RawHttp http;
    static Map<String, String> keys = new LinkedHashMap<>();

    /** One request of an endpoint class: what it needs and how to call it. */
    record Call(String needs, String method, String path, String body) {
    }

    static final List<Call> CALLS = List.of(
            new Call("public", "GET", "/health", null),
            new Call("public", "GET", "/ready", null),
            new Call("public", "GET", "/openapi.json", null),
            new Call("public", "GET", "/access", null),
            new Call("read", "GET", "/recommend?user_id=u1&n=3", null),
            new Call("read", "GET", "/popular?n=3", null),
            new Call("read", "GET", "/latest?n=3", null),
            new Call("read", "GET", "/items/i1", null),
            new Call("read", "GET", "/items/i1/similar?n=3", null),
            new Call("read", "GET", "/users/u1/activity", null),
            new Call("read", "GET", "/users/u1/profile", null),
            new Call("read", "GET", "/users/u1/sessions", null),
            new Call("write", "POST", "/events", "{\"user_id\":\"u1\",\"item_id\":\"i1\",\"event_type\":\"view\"}"),
            new Call("write", "POST", "/recommend/session", "{\"interactions\":[{\"item_id\":\"i1\",\"event_type\":\"view\"}]}"),
            new Call("admin", "PUT", "/items/i2", "{\"title\":\"Two\"}"),
            new Call("admin", "GET", "/cache/stats", null),
            new Call("admin", "DELETE", "/cache", null),
            new Call("admin", "GET", "/models", null),
            new Call("admin", "POST", "/models/popular/train", null),
            new Call("admin", "GET", "/simulator", null),
            new Call("admin", "GET", "/metrics", null),
            new Call("admin", "GET", "/metrics/realtime", null),
            new Call("admin", "GET", "/experiments", null),
            new Call("admin", "GET", "/keys", null),
            new Call("admin", "DELETE", "/users/nobody", null));

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of("BRISK_ADMIN_KEY", ADMIN));
        http = new RawHttp(service.port());
        Reply item = http.send("PUT", "/items/i1", "{\"title\":\"One\"}", json(ADMIN));
        assertThat(item.status()).as(item.text()).isEqualTo(201);
        for (String role : List.of("read", "write", "admin")) {
            Reply created = http.send("POST", "/keys", "{\"role\":\"" + role + "\",\"name\":\"" + role + " test\"}", json(ADMIN));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(created.json().path("key").asText()).hasSizeGreaterThanOrEqualTo(40);
            keys.put(role, created.json().path("key").asText());
        }
        Reply revokedKey = http.send("POST", "/keys", "{\"role\":\"admin\",\"name\":\"gone\"}", json(ADMIN));
        keys.put("revoked", revokedKey.json().path("key").asText());
        assertThat(http.send("DELETE", "/keys/" + revokedKey.json().path("id").asText(), null, RawHttp.bearer(ADMIN))
                .status()).isEqualTo(200);
        keys.put("unknown", "brisk_" + "x".repeat(43));
        keys.put("none", null);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Map<String, String> json(String key) {
        Map<String, String> h = new LinkedHashMap<>(RawHttp.bearer(key));
        h.put("Content-Type", "application/json");
        return h;
    }

    private static int rank(String role) {
        return List.of("public", "read", "write", "admin").indexOf(role);
    }

    @Test
    void everyRoleAgainstEveryEndpointClass() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> caller : keys.entrySet()) {
            for (Call call : CALLS) {
                Reply r = http.send(call.method(), call.path(), call.body(), call.body() == null
                        ? RawHttp.bearer(caller.getValue()) : json(caller.getValue()));
                int expected;
                if (call.needs().equals("public")) {
                    expected = 0;
                } else if (List.of("none", "unknown", "revoked").contains(caller.getKey())) {
                    expected = 401;
                } else {
                    expected = rank(caller.getKey()) >= rank(call.needs()) ? 0 : 403;
                }
                boolean ok = expected == 0 ? r.status() != 401 && r.status() != 403 && r.status() < 500
                        : r.status() == expected && r.json() != null && r.json().path("error").path("code").isTextual();
                if (!ok) {
                    wrong.add(caller.getKey() + " " + call.method() + " " + call.path() + " -> " + r.status()
                            + " (expected " + (expected == 0 ? "allowed" : expected) + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anUnknownKeyAndARevokedKeyGetTheSameAnswer() {
        Reply unknown = http.get("/popular", RawHttp.bearer(keys.get("unknown")));
        Reply revoked = http.get("/popular", RawHttp.bearer(keys.get("revoked")));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(revoked.text()).isEqualTo(unknown.text());
        assertThat(unknown.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void theKeyAlsoWorksAsXApiKey() {
        assertThat(http.get("/popular", Map.of("X-API-Key", keys.get("read"))).status()).isEqualTo(200);
        assertThat(http.get("/popular", Map.of("X-API-Key", "nonsense")).status()).isEqualTo(401);
    }

    @Test
    void theListingNeverShowsASecret() {
        Reply list = http.get("/keys", RawHttp.bearer(ADMIN));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("keys").size()).isGreaterThanOrEqualTo(4);
        for (String key : List.of(keys.get("read"), keys.get("write"), keys.get("admin"))) {
            assertThat(list.text()).doesNotContain(key);
        }
        list.json().path("keys").forEach(k -> assertThat(k.has("key")).isFalse());
    }

    @Test
    void aKeyRequestIsValidated() {
        assertThat(http.send("POST", "/keys", "{\"role\":\"root\",\"name\":\"x\"}", json(ADMIN)).status()).isEqualTo(400);
        assertThat(http.send("POST", "/keys", "{\"role\":\"read\"}", json(ADMIN)).status()).isEqualTo(400);
        assertThat(http.send("DELETE", "/keys/key_000000000000", null, RawHttp.bearer(ADMIN)).status()).isEqualTo(404);
    }

    @Test
    void accessSaysWhoTheCallerIs() {
        Reply anonymous = http.get("/access", Map.of());
        assertThat(anonymous.json().path("keys_required").asBoolean()).isTrue();
        assertThat(anonymous.json().path("authenticated").asBoolean()).isFalse();
        Reply reader = http.get("/access", RawHttp.bearer(keys.get("read")));
        assertThat(reader.json().path("authenticated").asBoolean()).isTrue();
        assertThat(reader.json().path("role").asText()).isEqualTo("read");
        assertThat(reader.json().path("key_name").asText()).isEqualTo("read test");
    }
}
