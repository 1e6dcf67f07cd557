package dev.brisk.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static Item item(String id, String... genres) {
        return new Item(id, "Title " + id, List.of(genres), Map.of(), 1_000L, true);
    }

    @Test
    void emptyCatalog() {
        Catalog empty = Catalog.empty();
        assertThat(empty.size()).isZero();
        assertThat(empty.items()).isEmpty();
        assertThat(empty.find("x")).isEmpty();
        assertThat(empty.get("x")).isNull();
    }

    @Test
    void lookups() {
        Catalog catalog = Catalog.of(List.of(item("a", "Drama", "Comedy"), item("b")));
        assertThat(catalog.size()).isEqualTo(2);
        assertThat(catalog.find("a")).map(Item::title).contains("Title a");
        assertThat(catalog.get("b").itemId()).isEqualTo("b");
        assertThat(catalog.titleOf("a")).isEqualTo("Title a");
        assertThat(catalog.titleOf("unknown")).isEqualTo("unknown");
        assertThat(catalog.genresOf("a")).containsExactly("Drama", "Comedy");
        assertThat(catalog.genresOf("b")).isEmpty();
        assertThat(catalog.genresOf("unknown")).isEmpty();
        assertThat(catalog.items()).extracting(Item::itemId).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void laterDuplicatesReplaceEarlierOnesInOf() {
        Catalog catalog = Catalog.of(List.of(item("a", "Drama"), item("a", "Horror")));
        assertThat(catalog.size()).isEqualTo(1);
        assertThat(catalog.genresOf("a")).containsExactly("Horror");
    }

    @Test
    void isServable() {
        Catalog catalog = Catalog.of(List.of(item("on"), item("off").deactivated()));
        assertThat(catalog.isServable("on")).isTrue();
        assertThat(catalog.isServable("off")).isFalse();
        assertThat(catalog.isServable("never-heard-of")).isTrue();
    }

    @Test
    void anItemReactivatedIsServableAgain() {
        Catalog off = Catalog.of(List.of(item("a").deactivated(), item("b")));
        Catalog on = off.with(List.of(item("a")));
        assertThat(off.isServable("a")).isFalse();
        assertThat(on.isServable("a")).isTrue();
        assertThat(on.with(List.of(item("b").deactivated())).isServable("b")).isFalse();
    }

    @Test
    void withAddsAndReplacesWithoutChangingTheOriginal() {
        Catalog before = Catalog.of(List.of(item("a", "Drama"), item("b")));
        Catalog after = before.with(List.of(item("a", "Horror").deactivated(), item("c", "Jazz")));

        assertThat(after.size()).isEqualTo(3);
        assertThat(after.genresOf("a")).containsExactly("Horror");
        assertThat(after.isServable("a")).isFalse();
        assertThat(after.genresOf("c")).containsExactly("Jazz");
        assertThat(after.find("b")).isPresent();

        assertThat(before.size()).isEqualTo(2);
        assertThat(before.genresOf("a")).containsExactly("Drama");
        assertThat(before.isServable("a")).isTrue();
        assertThat(before.find("c")).isEmpty();
    }

    @Test
    void itemDefaultsAndGenreMatch() {
        Item bare = new Item("x", null, null, null, 5L, true);
        assertThat(bare.title()).isEqualTo("x");
        assertThat(bare.genres()).isEmpty();
        assertThat(bare.properties()).isEmpty();

        Item drama = item("d", "Drama");
        assertThat(drama.hasGenre("drama")).isTrue();
        assertThat(drama.hasGenre("DRAMA")).isTrue();
        assertThat(drama.hasGenre("Comedy")).isFalse();

        Item off = drama.deactivated();
        assertThat(off.active()).isFalse();
        assertThat(off.itemId()).isEqualTo("d");
        assertThat(off.genres()).containsExactly("Drama");
        assertThat(drama.active()).isTrue();
    }
}
