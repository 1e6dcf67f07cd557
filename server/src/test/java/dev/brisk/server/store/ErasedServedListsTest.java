package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A served list waits in its instance's queue before it is written: one served to a user who was
 * erased meanwhile, on any instance, is not written after the erasure. Lists served after it are
 * (new activity), and the erasure of one event erases no list.
 */
class ErasedServedListsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void listsServedBeforeTheirUsersErasureAreNotWrittenAfterIt(String dialect) throws Exception {
        Database.Settings settings = SharedServices.freshDatabase(dialect, dir, "erased_lists");
        try (Database db = Database.open(settings)) {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO erasures (user_id, event_id, at) VALUES (?, ?, ?)")) {
                    for (Object[] erasure : new Object[][] {{"gone", null, 2_000L}, {null, "e1", 2_000L},
                            {"gone-long-ago", null, 500L}}) {
                        ps.setString(1, (String) erasure[0]);
                        ps.setString(2, (String) erasure[1]);
                        ps.setLong(3, (Long) erasure[2]);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
            RecommendationLogStore logs = new RecommendationLogStore(db);
            logs.insert(List.of(
                    served("before", "gone", 1_000),
                    served("at-the-erasure", "gone", 2_000),
                    served("after", "gone", 2_001),
                    served("kept", "stays", 1_000),
                    served("after-old-erasure", "gone-long-ago", 1_000)));

            assertThat(logs.list("before")).as("served before the erasure").isEmpty();
            assertThat(logs.list("at-the-erasure")).isEmpty();
            assertThat(logs.list("after")).extracting(RecommendationLogStore.ServedRow::itemId).containsExactly("i1");
            assertThat(logs.list("kept")).hasSize(1);
            assertThat(logs.list("after-old-erasure")).hasSize(1);
        } finally {
            SharedServices.dropSchemaOf(settings);
        }
    }

    private static LoggedList served(String request, String user, long at) {
        return new LoggedList(request, user, "popular", "v1", 1, List.of("i1"), at, null, null);
    }
}
