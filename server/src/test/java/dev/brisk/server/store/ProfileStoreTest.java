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

    /**
     * PostgreSQL: a profile is written only over the row version it was computed from. A row changed
     * since by anyone else, or made meanwhile where none was expected, is left as it is, and the user
     * is missing from the answer.
     */
    @org.junit.jupiter.api.Test
    void profilesAreWrittenOnlyOverTheVersionTheyWereComputedFrom() {
        try (Database db = Database.open(SharedServices.freshDatabase("postgresql", dir, "versions"))) {
            ProfileStore profiles = new ProfileStore(db);
            UserProfile a1 = profile("u-a", 1);
            UserProfile b1 = profile("u-b", 1);
            Map<String, String> first = db.inTransaction(c -> profiles.writeOver(c, List.of(a1, b1), Map.of(), T0));
            assertThat(first).containsOnlyKeys("u-a", "u-b");
            Map<String, ProfileStore.Versioned> stored = db.withConnection(c ->
                    profiles.loadVersioned(c, List.of("u-a", "u-b", "u-none")));
            assertThat(stored).containsOnlyKeys("u-a", "u-b");
            assertThat(stored.get("u-a")).isEqualTo(new ProfileStore.Versioned(a1, first.get("u-a")));

            // u-b is changed by someone else; a new user u-c appears although the writer thinks u-a's row is its own.
            db.inTransaction(c -> {
                c.createStatement().executeUpdate("UPDATE user_profiles SET total_interactions = 40 WHERE user_id = 'u-b'");
                return null;
            });
            UserProfile a2 = profile("u-a", 2);
            UserProfile b2 = profile("u-b", 2);
            UserProfile c1 = profile("u-c", 1);
            db.inTransaction(c -> profiles.writeOver(c, List.of(c1), Map.of(), T0 + 1));
            Map<String, String> second = db.inTransaction(c -> profiles.writeOver(c, List.of(a2, b2, profile("u-c", 9)),
                    Map.of("u-a", first.get("u-a"), "u-b", first.get("u-b")), T0 + 2));
            assertThat(second).containsOnlyKeys("u-a");
            assertThat(second.get("u-a")).isNotEqualTo(first.get("u-a"));
            Map<String, ProfileStore.Versioned> after = db.withConnection(c ->
                    profiles.loadVersioned(c, List.of("u-a", "u-b", "u-c")));
            assertThat(after.get("u-a")).isEqualTo(new ProfileStore.Versioned(a2, second.get("u-a")));
            assertThat(after.get("u-b").profile().totalInteractions()).isEqualTo(40);
            assertThat(after.get("u-c").profile()).isEqualTo(c1);

            // Written over the version it now has, u-b's row takes the new profile.
            Map<String, String> third = db.inTransaction(c -> profiles.writeOver(c, List.of(b2),
                    Map.of("u-b", after.get("u-b").version()), T0 + 3));
            assertThat(third).containsOnlyKeys("u-b");
            assertThat(load(db, profiles, "u-b")).containsOnly(Map.entry("u-b", b2));
        }
    }

    /**
     * PostgreSQL: a group's profiles are written through the table's key, one look-up each. Planned
     * for its arrays' values, the update would read the whole table instead (a hash join) once a
     * few hundred users are written at a time.
     */
    @org.junit.jupiter.api.Test
    void profilesAreWrittenOverTheirVersionsThroughTheKeyNotByReadingTheTable() {
        try (Database db = Database.open(SharedServices.freshDatabase("postgresql", dir, "versionplan"))) {
            ProfileStore profiles = new ProfileStore(db);
            List<UserProfile> all = new java.util.ArrayList<>();
            for (int u = 0; u < 5_000; u++) {
                all.add(profile("u-" + u, 1));
            }
            Map<String, String> versions = db.inTransaction(c -> profiles.writeOver(c, all, Map.of(), T0));
            db.inTransaction(c -> c.createStatement().execute("ANALYZE user_profiles"));
            List<UserProfile> some = new java.util.ArrayList<>();
            for (int u = 0; u < 5_000; u += 10) {
                some.add(profile("u-" + u, 2));
            }
            long[] scansAndUpdates = db.inTransaction(c -> {
                assertThat(profiles.writeOver(c, some, versions, T0 + 1)).hasSize(some.size());
                try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT"
                        + " pg_stat_get_xact_numscans('user_profiles'::regclass),"
                        + " pg_stat_get_xact_tuples_updated('user_profiles'::regclass), current_setting('enable_hashjoin')")) {
                    rs.next();
                    assertThat(rs.getString(3)).as("the transaction's own setting, restored").isEqualTo("on");
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            });
            assertThat(scansAndUpdates[1]).isEqualTo(some.size());
            assertThat(scansAndUpdates[0]).as("whole-table reads of user_profiles").isZero();
        }
    }

    private static UserProfile profile(String user, long events) {
        return new UserProfile(user, events, Map.of("view", events), 0.0, 0, Map.of("Drama", 0.5 * events),
                T0, T0 + events, 1, "s-" + user);
    }

    private static Map<String, UserProfile> load(Database db, ProfileStore profiles, String... users) {
        return db.withConnection(c -> profiles.load(c, List.of(users)));
    }
}
