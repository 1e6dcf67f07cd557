package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /keys} (an admin key's calls) and {@code /access}. */
public final class KeysApi {
    private final Transport transport;

    KeysApi(Transport transport) {
        this.transport = transport;
    }

    /** Creates a key with a role (read, write, admin); its secret is in the answer only. Not retried blindly. */
    public KeyCreated create(String role, String name) {
        return transport.send(Call.post("/keys", Map.of("role", role, "name", name), false), KeyCreated.class);
    }

    public List<KeyInfo> list() {
        JsonNode answer = transport.json(Call.get("/keys"));
        List<KeyInfo> out = new ArrayList<>();
        answer.path("keys").forEach(k -> out.add(Json.read(k, KeyInfo.class)));
        return out;
    }

    public KeyRevoked revoke(String keyId) {
        return transport.send(Call.delete("/keys/" + Call.segment(keyId)), KeyRevoked.class);
    }

    /** What the client's key may do (needs no key). */
    public Access access() {
        return transport.send(Call.get("/access"), Access.class);
    }
}
