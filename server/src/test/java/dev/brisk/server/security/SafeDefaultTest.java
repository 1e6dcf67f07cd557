package dev.brisk.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.server.app.Brisk;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.app.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without keys Brisk is open only on loopback: the default host, and the refusal to expose it otherwise. */
class SafeDefaultTest {

    @Test
    void theDefaultHostIsLoopback() {
        assertThat(BriskConfig.defaults().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void anotherInterfaceWithoutKeysRefusesToStartAndSaysHowToCreateOne(@TempDir Path dir) {
        assertThatThrownBy(() -> Brisk.start(config(dir, env -> { })).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("brisk keys create").hasMessageContaining("BRISK_ALLOW_OPEN");
    }

    @Test
    void itStartsWithAKeyOrWhenOpenIsAllowed(@TempDir Path dir) {
        try (Brisk brisk = Brisk.start(config(dir, env -> env.put("BRISK_ADMIN_KEY", "safe-default-admin-key-0123456789")))) {
            assertThat(brisk.port()).isPositive();
        }
        try (Brisk brisk = Brisk.start(config(dir, env -> env.put("BRISK_ALLOW_OPEN", "true")))) {
            assertThat(brisk.port()).isPositive();
        }
    }

    @Test
    void aShortAdminKeyIsRefused() {
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_ADMIN_KEY", "short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BRISK_ADMIN_KEY");
    }

    private static BriskConfig config(Path dir, Consumer<Map<String, String>> more) {
        return BriskConfig.defaults().with(env -> {
            env.put("BRISK_HOST", "0.0.0.0");
            env.put("BRISK_PORT", "0");
            env.put("BRISK_DASHBOARD_PORT", "0");
            env.put("BRISK_DB_URL", "jdbc:sqlite:" + dir.resolve("brisk.db"));
            env.put("BRISK_DEMO_DATA", "false");
            more.accept(env);
        });
    }
}
