package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListKeyTest {

    @Test
    void exactKeyFormat() {
        assertThat(new ListKey("u1", "popular", 10, null, true).toString())
                .isEqualTo("rec:user:u1:model:popular:n:10");
        assertThat(new ListKey("42", "item_knn", 3, null, true).toString())
                .isEqualTo("rec:user:42:model:item_knn:n:3");
    }

    @Test
    void variantsOfAnExperimentHaveKeysOfTheirOwn() {
        ListKey control = new ListKey("u1", "hybrid", 10, null, true, "exp 1", "control");
        assertThat(control.toString()).isEqualTo("rec:user:u1:model:hybrid:n:10:exp:exp+1:control");
        assertThat(new ListKey("u1", "hybrid", 10, null, true, "exp 1", "treatment:model:x").toString())
                .isNotEqualTo(control.toString()).startsWith(ListKey.userPrefix("u1"))
                .isNotEqualTo(new ListKey("u1", "hybrid", 10, null, true).toString());
        assertThat(ListKey.userOf(new ListKey("u1", "hybrid", 10, null, true, "e", "treatment:model:x").toString()))
                .isEqualTo("u1");
    }

    @Test
    void genreSuffixIsLowerCased() {
        assertThat(new ListKey("u1", "popular", 10, "Sci-Fi", true).toString())
                .isEqualTo("rec:user:u1:model:popular:n:10:genre:sci-fi");
    }

    @Test
    void blankGenreAddsNoSuffix() {
        assertThat(new ListKey("u1", "popular", 10, "  ", true).toString())
                .isEqualTo("rec:user:u1:model:popular:n:10");
    }

    @Test
    void keepSeenSuffix() {
        assertThat(new ListKey("u1", "popular", 10, null, false).toString())
                .isEqualTo("rec:user:u1:model:popular:n:10:seen:keep");
        assertThat(new ListKey("u1", "popular", 10, "Drama", false).toString())
                .isEqualTo("rec:user:u1:model:popular:n:10:genre:drama:seen:keep");
    }

    @Test
    void distinctRequestsGiveDistinctKeys() {
        List<String> keys = List.of(
                new ListKey("u1", "popular", 10, null, true).toString(),
                new ListKey("u1", "popular", 11, null, true).toString(),
                new ListKey("u1", "item_knn", 10, null, true).toString(),
                new ListKey("u1", "popular", 10, "drama", true).toString(),
                new ListKey("u1", "popular", 10, null, false).toString(),
                new ListKey("u2", "popular", 10, null, true).toString());
        assertThat(keys).doesNotHaveDuplicates();
    }

    @Test
    void userPrefixIsAPrefixOfEveryKeyOfThatUser() {
        String prefix = ListKey.userPrefix("u1");
        assertThat(prefix).isEqualTo("rec:user:u1:");
        for (ListKey key : variants("u1")) {
            assertThat(key.toString()).startsWith(prefix);
        }
    }

    @Test
    void userPrefixDoesNotMatchAnotherUserSharingAnIdPrefix() {
        String prefix = ListKey.userPrefix("u1");
        for (ListKey key : variants("u10")) {
            assertThat(key.toString()).doesNotStartWith(prefix);
        }
        for (ListKey key : variants("u")) {
            assertThat(key.toString()).doesNotStartWith(prefix);
        }
        for (ListKey key : variants("u1")) {
            assertThat(key.toString()).doesNotStartWith(ListKey.userPrefix("u10"));
            assertThat(key.toString()).doesNotStartWith(ListKey.userPrefix("u"));
        }
    }

    @Test
    void userOfRoundTrips() {
        for (String user : List.of("u1", "u10", "42", "user:with:colons", "a model b", "x:model:y")) {
            for (ListKey key : variants(user)) {
                assertThat(ListKey.userOf(key.toString())).as(key.toString()).isEqualTo(user);
            }
        }
    }

    /**
     * The genre comes from the query string, so it may contain ':'; it must not change which user
     * the key is attributed to (the memory cache indexes and invalidates lists by {@code userOf}).
     */
    @Test
    void userOfIsNotConfusedByTheGenre() {
        String key = new ListKey("u1", "popular", 10, "a:model:b", true).toString();
        assertThat(ListKey.userOf(key)).isEqualTo("u1");
    }

    @Test
    void userOfIsNullForOtherStrings() {
        assertThat(ListKey.userOf("rec:item:i1")).isNull();
        assertThat(ListKey.userOf("rec:user:u1")).isNull();
        assertThat(ListKey.userOf("gen:u1")).isNull();
        assertThat(ListKey.userOf("")).isNull();
    }

    private static List<ListKey> variants(String user) {
        return List.of(
                new ListKey(user, "popular", 10, null, true),
                new ListKey(user, "item_knn", 5, "Drama", true),
                new ListKey(user, "popular", 20, null, false),
                new ListKey(user, "als", 1, "Jazz", false));
    }
}
