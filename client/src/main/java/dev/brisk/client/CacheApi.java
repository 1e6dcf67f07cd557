package dev.brisk.client;

/** {@code /cache}: figures, dropping one user's cached lists, clearing all. */
public final class CacheApi {
    private final Transport transport;

    CacheApi(Transport transport) {
        this.transport = transport;
    }

    public CacheStats stats() {
        return transport.send(Call.get("/cache/stats"), CacheStats.class);
    }

    /** Drops a user's cached lists; returns how many there were. */
    public int dropUser(String userId) {
        return transport.json(Call.delete("/cache/users/" + Call.segment(userId))).path("dropped").asInt();
    }

    /** Drops every cached list. */
    public void clear() {
        transport.json(Call.delete("/cache"));
    }
}
