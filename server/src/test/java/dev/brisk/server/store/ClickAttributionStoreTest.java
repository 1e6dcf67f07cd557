package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clicks are attributed to served lists in one read and one batch of updates per group: to the list
 * a click names (the first click's time kept, a list without the item counted as unattributed), or
 * to the latest list that served the item to the user within the click window — and to no earlier
 * one when that latest list was clicked already.
 */
class ClickAttributionStoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void clicksMarkTheRightServedItems(String dialect) throws Exception {
        Database.Settings settings = SharedServices.freshDatabase(dialect, dir, "clicks");
        try (Database db = Database.open(settings)) {
            RecommendationLogStore logs = new RecommendationLogStore(db);
            // u1 was shown i1 in an old list (t=1000) and a newer one (t=2000); u2 was shown i1 at t=1500.
            logs.insert(List.of(served("old", "u1", List.of("i1", "i2"), 1_000), served("new", "u1", List.of("i1"), 2_000),
                    served("other", "u2", List.of("i1"), 1_500), served("named", "u3", List.of("i7"), 1_000)));

            RecommendationLogStore.Click notLoggedYet = new RecommendationLogStore.Click("elsewhere", "u4", "i9", 0, 5_000,
                    3_500, false);
            RecommendationLogStore.Attribution first = db.inTransaction(c -> logs.attribute(c, List.of(
                    // No list named: the latest list of u1 that held i1 within [500, 5000] is "new".
                    new RecommendationLogStore.Click(null, "u1", "i1", 500, 5_000, 3_000, false),
                    // Again in the same group: "new" is clicked already, so nothing (not "old").
                    new RecommendationLogStore.Click(null, "u1", "i1", 500, 5_000, 3_100, false),
                    // Outside the window of u2's list: nothing.
                    new RecommendationLogStore.Click(null, "u2", "i1", 1_600, 5_000, 3_200, false),
                    // Named lists: one holds the item, one does not.
                    new RecommendationLogStore.Click("named", "u3", "i7", 0, 5_000, 3_300, false),
                    new RecommendationLogStore.Click("named", "u3", "i8", 0, 5_000, 3_400, false),
                    // A list nobody has logged (yet): not unattributed, but handed back to be tried again.
                    notLoggedYet)));
            assertThat(first.unattributed()).isOne();
            assertThat(first.unknownLists()).containsExactly(notLoggedYet);
            // A later click naming the same list item keeps the first one's time.
            int again = db.inTransaction(c -> logs.attribute(c, List.of(
                    new RecommendationLogStore.Click("named", "u3", "i7", 0, 9_000, 8_000, false)))).unattributed();
            assertThat(again).isZero();

            // Purchases naming no list: the latest list in the window not bought yet, then the one before.
            int bought = db.inTransaction(c -> logs.attribute(c, List.of(
                    new RecommendationLogStore.Click(null, "u1", "i1", 500, 9_000, 8_500, true),
                    new RecommendationLogStore.Click(null, "u1", "i1", 500, 9_000, 8_600, true)))).unattributed();
            assertThat(bought).isZero();
            assertThat(purchasedAt(db, "new", "i1")).isEqualTo(8_500L);
            assertThat(purchasedAt(db, "old", "i1")).isEqualTo(8_600L);

            assertThat(logs.list("new")).extracting(RecommendationLogStore.ServedRow::clickedAt).containsExactly(3_000L);
            assertThat(logs.list("old")).extracting(RecommendationLogStore.ServedRow::clicked).containsExactly(true, false);
            assertThat(logs.list("other")).extracting(RecommendationLogStore.ServedRow::clicked).containsExactly(false);
            assertThat(logs.list("named")).extracting(RecommendationLogStore.ServedRow::clickedAt).containsExactly(3_300L);
        } finally {
            SharedServices.dropSchemaOf(settings);
        }
    }

    /**
     * A list served again counts for a click in its window whenever it was served there, first or
     * again: a list first served before the window and again within it is clicked; one whose last
     * serving was before the window is not. A click naming a repeat marks the list it repeats, and
     * repeats add up on the list's row.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aListServedAgainCountsForClicksWhenItWasLastServed(String dialect) throws Exception {
        Database.Settings settings = SharedServices.freshDatabase(dialect, dir, "repeats");
        try (Database db = Database.open(settings)) {
            RecommendationLogStore logs = new RecommendationLogStore(db);
            long t = 10_000_000;
            logs.insert(List.of(served("again", "u1", List.of("i1", "i2"), t), served("once", "u2", List.of("i1"), t),
                    served("stale", "u3", List.of("i1"), t)));
            boolean[] found = logs.addRepeats(List.of(new RecommendationLogStore.Repeats("again", 2, t + 240_000),
                    new RecommendationLogStore.Repeats("stale", 1, t + 60_000),
                    new RecommendationLogStore.Repeats("gone", 1, t + 60_000)));
            assertThat(found).containsExactly(true, true, false);
            assertThat(logs.addRepeats(List.of(new RecommendationLogStore.Repeats("again", 1, t + 300_000)))).containsExactly(true);
            assertThat(logs.clicksByModel(0)).singleElement().satisfies(m -> {
                assertThat(m.lists()).as("3 lists, served 4, 1 and 2 times").isEqualTo(4 + 1 + 2);
                assertThat(m.itemsServed()).isEqualTo(2 * 4 + 1 + 2);
            });

            long from = t + 120_000; // the window starts after each list was first served
            RecommendationLogStore.Attribution result = db.inTransaction(c -> logs.attribute(c, List.of(
                    new RecommendationLogStore.Click(null, "u1", "i1", from, t + 400_000, t + 400_000, false),
                    new RecommendationLogStore.Click(null, "u2", "i1", from, t + 400_000, t + 400_000, false),
                    new RecommendationLogStore.Click(null, "u3", "i1", from, t + 400_000, t + 400_000, false),
                    new RecommendationLogStore.Click("again.3", "u1", "i2", 0, t + 400_000, t + 401_000, false),
                    new RecommendationLogStore.Click("once.1", "u2", "i9", 0, t + 400_000, t + 402_000, false))));
            assertThat(result.unattributed()).as("a repeat's id naming a list without the item").isOne();
            assertThat(result.unknownLists()).isEmpty();
            assertThat(logs.list("again")).extracting(RecommendationLogStore.ServedRow::clickedAt)
                    .containsExactly(t + 400_000, t + 401_000);
            assertThat(logs.list("again.2")).as("read through a repeat's id").hasSize(2);
            assertThat(logs.list("once")).extracting(RecommendationLogStore.ServedRow::clicked).containsExactly(false);
            assertThat(logs.list("stale")).extracting(RecommendationLogStore.ServedRow::clicked).containsExactly(false);
        } finally {
            SharedServices.dropSchemaOf(settings);
        }
    }

    private static Long purchasedAt(Database db, String request, String item) {
        return db.withConnection(c -> dev.brisk.server.support.ServedListMarks.of(c, request, item)[1]);
    }

    private static LoggedList served(String request, String user, List<String> items, long at) {
        return new LoggedList(request, user, "popular", "v1", 0, items, at, null, null);
    }
}
