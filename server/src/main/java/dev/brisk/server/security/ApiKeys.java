package dev.brisk.server.security;

import dev.brisk.server.store.KeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys: created with 256 random bits, shown once, stored only as their SHA-256 hash (a
 * key is random, so a fast hash is as safe as a slow one and costs nothing per request). Keys
 * made through another instance or the command line are seen within a second; a key revoked
 * here stops working at once.
 * <p>Besides the stored keys: the bootstrap admin key of {@code BRISK_ADMIN_KEY}, and a key the
 * process makes for itself at start (kept in memory only) for its own simulated crowd.
 */
public final class ApiKeys {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long REFRESH_MILLIS = 1_000;
    private static final String PREFIX = "brisk_";

    /** Who called: the key's id and name, and its role. */
    public record Caller(String keyId, String name, Role role) {
    }

    /** A key just made: the only time its secret is seen. */
    public record Created(String id, String key, Role role, String name, long createdAt) {
    }

    private final KeyStore store;
    private final Map<String, Caller> builtIn = new HashMap<>();
    private final String internalKey = newSecret();
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Map<String, Caller> stored = Map.of();
    private volatile long loadedAt;
    private volatile boolean refreshFailing;

    /** @param bootstrapAdminKey the key of {@code BRISK_ADMIN_KEY}, empty for none */
    public ApiKeys(KeyStore store, String bootstrapAdminKey) {
        this.store = store;
        if (!bootstrapAdminKey.isEmpty()) {
            builtIn.put(hash(bootstrapAdminKey), new Caller("env", "BRISK_ADMIN_KEY", Role.ADMIN));
        }
        builtIn.put(hash(internalKey), new Caller("internal", "this instance's simulator", Role.WRITE));
        refresh();
    }

    /** The key this process uses to call its own API. */
    public String internalKey() {
        return internalKey;
    }

    /** Whether any key is configured, which turns access control on. */
    public boolean anyConfigured() {
        return builtIn.size() > 1 || !current().isEmpty();
    }

    /** The caller a presented secret belongs to; empty for a key that is unknown or revoked. */
    public Optional<Caller> resolve(String secret) {
        String h = hash(secret);
        Caller c = builtIn.get(h);
        return Optional.ofNullable(c != null ? c : current().get(h));
    }

    public Created create(Role role, String name) {
        if (role == Role.PUBLIC) {
            throw new IllegalArgumentException("a key has the role read, write or admin");
        }
        String secret = newSecret();
        String id = "key_" + HexFormat.of().formatHex(bytes(6));
        long now = System.currentTimeMillis();
        store.insert(new KeyStore.StoredKey(id, name, role.name().toLowerCase(Locale.ROOT), hash(secret),
                secret.substring(0, PREFIX.length() + 4), now, null));
        refresh();
        return new Created(id, secret, role, name, now);
    }

    /** Every stored key without its secret: id, name, role, the first characters, when made and revoked. */
    public List<Map<String, Object>> list() {
        return store.all().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k.id());
            m.put("name", k.name());
            m.put("role", k.role());
            m.put("prefix", k.prefix());
            m.put("created_at", java.time.Instant.ofEpochMilli(k.createdAt()).toString());
            m.put("revoked_at", k.revokedAt() == null ? null : java.time.Instant.ofEpochMilli(k.revokedAt()).toString());
            m.put("active", k.active());
            return m;
        }).toList();
    }

    /** Revokes a key at once; false when there is no such active key. */
    public boolean revoke(String id) {
        boolean revoked = store.revoke(id, System.currentTimeMillis());
        refresh();
        return revoked;
    }

    /** The role named on the wire ({@code read}, {@code write}, {@code admin}); empty for anything else. */
    public static Optional<Role> role(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "read" -> Optional.of(Role.READ);
            case "write" -> Optional.of(Role.WRITE);
            case "admin" -> Optional.of(Role.ADMIN);
            default -> Optional.empty();
        };
    }

    /** The stored keys, read again when the last read is over a second old (by one caller; the others use what is known). */
    private Map<String, Caller> current() {
        if (System.currentTimeMillis() - loadedAt > REFRESH_MILLIS && refreshing.tryLock()) {
            try {
                refresh();
            } finally {
                refreshing.unlock();
            }
        }
        return stored;
    }

    private void refresh() {
        try {
            Map<String, Caller> active = new HashMap<>();
            for (KeyStore.StoredKey k : store.all()) {
                if (k.active()) {
                    role(k.role()).ifPresent(r -> active.put(k.hash(), new Caller(k.id(), k.name(), r)));
                }
            }
            stored = Map.copyOf(active);
            if (refreshFailing) {
                log.info("API keys are read from the database again");
                refreshFailing = false;
            }
        } catch (RuntimeException e) {
            // The keys known last stay in force: a database outage must neither open nor lock the API.
            if (!refreshFailing) {
                log.warn("API keys could not be read; the keys known last stay in force: {}", e.toString());
                refreshFailing = true;
            }
        } finally {
            loadedAt = System.currentTimeMillis();
        }
    }

    private static String newSecret() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
