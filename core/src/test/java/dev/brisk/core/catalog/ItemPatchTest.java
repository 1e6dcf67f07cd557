package dev.brisk.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Problem;
import dev.brisk.core.event.Validated;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemPatchTest {
    private final Item current = new Item("i1", "Title", List.of("Drama"), Map.of("year", 1999, "colour", "red"),
            1_000L, true, List.of("old"));

    private Validated<Item> patch(Map<String, Object> changes) {
        return new ItemPatch().apply(current, changes);
    }

    @Test
    void onlyTheGivenFieldsChangeAndANullPropertyGoes() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("colour", null);
        properties.put("price", 9.5);
        Item item = patch(Map.of("labels", List.of("new"), "properties", properties)).value();
        assertThat(item.title()).isEqualTo("Title");
        assertThat(item.genres()).containsExactly("Drama");
        assertThat(item.labels()).containsExactly("new");
        assertThat(item.properties()).containsOnly(Map.entry("year", 1999L), Map.entry("price", 9.5));
        assertThat(item.createdAt()).isEqualTo(1_000L);
        assertThat(item.active()).isTrue();
    }

    @Test
    void aNullFieldGoesBackToItsDefault() {
        Map<String, Object> changes = new HashMap<>();
        changes.put("title", null);
        changes.put("labels", null);
        Item item = patch(changes).value();
        assertThat(item.title()).isEqualTo("i1");
        assertThat(item.labels()).isEmpty();
        assertThat(item.properties()).hasSize(2);
    }

    @Test
    void everyProblemIsReportedAndTheCreationTimeCannotChange() {
        Validated<Item> bad = patch(Map.of("labels", List.of(""), "colour", "red", "item_id", "i2"));
        assertThat(bad.isValid()).isFalse();
        assertThat(bad.problems().stream().map(Problem::field)).contains("labels", "colour", "item_id");
        assertThat(patch(Map.of("created_at", 5L)).problems().get(0).field()).isEqualTo("created_at");
    }
}
