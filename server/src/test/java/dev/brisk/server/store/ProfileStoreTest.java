package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.profile.UserProfile;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Profiles are written (new users inserted, known ones replaced) and read back as they were given. */
class ProfileStoreTest {
    private static final long T0 = 1_790_000_000_000L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void profilesAreStoredAndReplacedWholeAndReadBackAsGiven(String dialect) {
        try (Database db = Database.open(SharedServices.freshDatabase(dialect, dir, "profiles"))) {
            ProfileStore profiles = new ProfileStore(db);
            UserProfile plain = new UserProfile("u-1", 3, Map.of("view", 2L, "click", 1L), 0.0, 0, Map.of(),
                    T0, T0 + 5, 1, null);
            UserProfile full = new UserProfile("üser \\N \"2\"", 7,
                    Map.of("rating", 2L, "purchase", 1L, "impression", 1L, "wishlist", 3L), 4.25, 2,
                    Map.of("Drama", 1.5, "Sci-Fi|Noir", 0.25), T0 - 100, T0 + 9, 4, "s\\t 'x'");
            db.inTransaction(c -> {
                profiles.upsert(c, List.of(plain, full), T0 + 10);
                return null;
            });
            assertThat(load(db, profiles, "u-1", full.userId(), "u-absent"))
                    .containsOnly(Map.entry("u-1", plain), Map.entry(full.userId(), full));

            UserProfile grown = new UserProfile("u-1", 5, Map.of("view", 2L, "click", 1L, "like", 2L), 0.0, 0,
                    Map.of("Comedy", 2.0), T0, T0 + 20, 2, "s-2");
            UserProfile added = new UserProfile("u-3", 1, Map.of("add_to_cart", 1L), 0.0, 0, Map.of(), T0 + 30,
                    T0 + 30, 1, "s-3");
            db.inTransaction(c -> {
                profiles.upsert(c, List.of(grown, added), T0 + 40);
                profiles.upsert(c, List.of(), T0 + 41);
                return null;
            });
            assertThat(load(db, profiles, "u-1", full.userId(), "u-3"))
                    .containsOnly(Map.entry("u-1", grown), Map.entry(full.userId(), full), Map.entry("u-3", added));
            assertThat(profiles.count()).isEqualTo(3);
            assertThat(profiles.eventCountsByType()).containsEntry("view", 2L).containsEntry("like", 2L)
                    .containsEntry("rating", 2L).containsEntry("add_to_cart", 1L).containsEntry("wishlist", 3L);
        }
    }

    private static Map<String, UserProfile> load(Database db, ProfileStore profiles, String... users) {
        return db.withConnection(c -> profiles.load(c, List.of(users)));
    }
}
