package dev.brisk.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Problem;
import dev.brisk.core.event.Validated;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ItemValidatorTest {
    private static final long NOW = 1_717_243_200_000L;

    private final ItemValidator validator = new ItemValidator();

    private static Map<String, Object> item() {
        Map<String, Object> m = new HashMap<>();
        m.put("item_id", "i1");
        return m;
    }

    private Validated<Item> validate(Map<String, Object> input) {
        return validator.validate(input, null, NOW);
    }

    private static List<String> fields(Validated<?> v) {
        return v.problems().stream().map(Problem::field).toList();
    }

    private Item valid(Map<String, Object> input, String pathId) {
        Validated<Item> v = validator.validate(input, pathId, NOW);
        assertThat(v.problems()).as("problems of %s", input).isEmpty();
        return v.value();
    }

    private void assertOnlyProblemOn(Map<String, Object> input, String field) {
        Validated<Item> v = validate(input);
        assertThat(v.isValid()).as("valid: %s", input).isFalse();
        assertThat(v.value()).isNull();
        assertThat(fields(v)).containsExactly(field);
    }

    @Test
    void minimalItemGetsDefaults() {
        Item item = valid(item(), null);
        assertThat(item.itemId()).isEqualTo("i1");
        assertThat(item.title()).isEqualTo("i1");
        assertThat(item.genres()).isEmpty();
        assertThat(item.properties()).isEmpty();
        assertThat(item.active()).isTrue();
        assertThat(item.createdAt()).isEqualTo(NOW);
    }

    @Test
    void fullItemIsKept() {
        Map<String, Object> input = item();
        input.put("title", "  The Matrix ");
        input.put("genres", List.of("Action", " Sci-Fi ", "Action"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("year", 1999);
        props.put("director", "Wachowski");
        props.put("rating", 8.7);
        props.put("adult", false);
        input.put("properties", props);
        input.put("active", false);
        Item item = valid(input, null);
        assertThat(item.title()).isEqualTo("The Matrix");
        assertThat(item.genres()).containsExactly("Action", "Sci-Fi");
        assertThat(item.properties()).containsOnly(Map.entry("year", 1999L), Map.entry("director", "Wachowski"),
                Map.entry("rating", 8.7), Map.entry("adult", false));
        assertThat(item.active()).isFalse();
    }

    // --- id ---------------------------------------------------------------------------------------

    @Test
    void itemIdIsRequiredWithoutPathId() {
        assertOnlyProblemOn(new HashMap<>(), "item_id");
    }

    @Test
    void itemIdFollowsIdRules() {
        Map<String, Object> input = item();
        input.put("item_id", "");
        assertOnlyProblemOn(input, "item_id");
        input.put("item_id", "z".repeat(129));
        assertOnlyProblemOn(input, "item_id");
        input.put("item_id", "a\u0007b");
        assertOnlyProblemOn(input, "item_id");
        input.put("item_id", 2.5);
        assertOnlyProblemOn(input, "item_id");
        input.put("item_id", 42);
        assertThat(valid(input, null).itemId()).isEqualTo("42");
    }

    @Test
    void pathIdIsUsedWhenBodyOmitsTheId() {
        assertThat(valid(new HashMap<>(), "p7").itemId()).isEqualTo("p7");
    }

    @Test
    void bodyIdMayRepeatThePathId() {
        Map<String, Object> input = item();
        input.put("item_id", 7);
        assertThat(valid(input, "7").itemId()).isEqualTo("7");
    }

    @Test
    void bodyIdDifferentFromPathIdIsRejected() {
        Validated<Item> v = validator.validate(item(), "i2", NOW);
        assertThat(v.isValid()).isFalse();
        assertThat(fields(v)).containsExactly("item_id");
        assertThat(v.problems().get(0).message()).contains("i1").contains("i2");
    }

    // --- title --------------------------------------------------------------------------------------

    @Test
    void titleRules() {
        Map<String, Object> input = item();
        input.put("title", "t".repeat(ItemValidator.MAX_TITLE));
        assertThat(valid(input, null).title()).hasSize(ItemValidator.MAX_TITLE);
        input.put("title", "t".repeat(ItemValidator.MAX_TITLE + 1));
        assertOnlyProblemOn(input, "title");
        input.put("title", "   ");
        assertOnlyProblemOn(input, "title");
        input.put("title", "");
        assertOnlyProblemOn(input, "title");
        input.put("title", 12);
        assertOnlyProblemOn(input, "title");
    }

    // --- genres -------------------------------------------------------------------------------------

    @Test
    void genresMustBeAList() {
        Map<String, Object> input = item();
        input.put("genres", "Action|Drama");
        assertOnlyProblemOn(input, "genres");
        input.put("genres", Map.of("a", "b"));
        assertOnlyProblemOn(input, "genres");
    }

    @Test
    void atMost20Genres() {
        Map<String, Object> input = item();
        List<String> genres = new ArrayList<>();
        for (int i = 0; i < ItemValidator.MAX_GENRES; i++) {
            genres.add("g" + i);
        }
        input.put("genres", genres);
        assertThat(valid(input, null).genres()).hasSize(ItemValidator.MAX_GENRES);
        genres.add("one-too-many");
        input.put("genres", genres);
        assertOnlyProblemOn(input, "genres");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Action|Drama", "", "   ", "tab\tbed"})
    void badGenreStringsAreRejected(String genre) {
        Map<String, Object> input = item();
        input.put("genres", List.of("Comedy", genre));
        assertOnlyProblemOn(input, "genres");
    }

    @Test
    void genreLengthLimit() {
        Map<String, Object> input = item();
        input.put("genres", List.of("g".repeat(ItemValidator.MAX_GENRE_LENGTH)));
        assertThat(valid(input, null).genres()).hasSize(1);
        input.put("genres", List.of("g".repeat(ItemValidator.MAX_GENRE_LENGTH + 1)));
        assertOnlyProblemOn(input, "genres");
    }

    @Test
    void nonStringGenresAreRejected() {
        Map<String, Object> input = item();
        input.put("genres", Arrays.asList("Comedy", 3));
        assertOnlyProblemOn(input, "genres");
        input.put("genres", Arrays.asList("Comedy", null));
        assertOnlyProblemOn(input, "genres");
    }

    // --- properties ---------------------------------------------------------------------------------

    @Test
    void propertiesMustBeAnObject() {
        Map<String, Object> input = item();
        input.put("properties", List.of("a"));
        assertOnlyProblemOn(input, "properties");
    }

    @Test
    void propertyValuesMustBeScalars() {
        Map<String, Object> input = item();
        Map<String, Object> props = new HashMap<>();
        props.put("ok", "fine");
        props.put("nested", Map.of("a", 1));
        props.put("list", List.of(1, 2));
        input.put("properties", props);
        Validated<Item> v = validate(input);
        assertThat(v.isValid()).isFalse();
        assertThat(fields(v)).containsExactlyInAnyOrder("properties.nested", "properties.list");
    }

    @Test
    void propertyValueLengthLimit() {
        Map<String, Object> input = item();
        input.put("properties", Map.of("text", "p".repeat(ItemValidator.MAX_PROPERTY_LENGTH)));
        assertThat((String) valid(input, null).properties().get("text")).hasSize(ItemValidator.MAX_PROPERTY_LENGTH);
        input.put("properties", Map.of("text", "p".repeat(ItemValidator.MAX_PROPERTY_LENGTH + 1)));
        assertOnlyProblemOn(input, "properties.text");
    }

    @Test
    void atMost100Properties() {
        Map<String, Object> input = item();
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i <= ItemValidator.MAX_PROPERTIES; i++) {
            props.put("k" + i, i);
        }
        input.put("properties", props);
        assertOnlyProblemOn(input, "properties");
        props.remove("k0");
        assertThat(valid(input, null).properties()).hasSize(ItemValidator.MAX_PROPERTIES);
    }

    // --- active, unknown fields, several problems ---------------------------------------------------

    @Test
    void activeMustBeABoolean() {
        Map<String, Object> input = item();
        input.put("active", "false");
        assertOnlyProblemOn(input, "active");
        input.put("active", 0);
        assertOnlyProblemOn(input, "active");
        input.put("active", true);
        assertThat(valid(input, null).active()).isTrue();
    }

    @Test
    void unknownFieldsAreRejected() {
        Map<String, Object> input = item();
        input.put("name", "x");
        Validated<Item> v = validate(input);
        assertThat(fields(v)).containsExactly("name");
        assertThat(v.problems().get(0).message()).contains("title");
    }

    @Test
    void allProblemsAreReportedTogether() {
        Map<String, Object> input = new HashMap<>();
        input.put("title", "");
        input.put("genres", List.of("a|b"));
        input.put("properties", Map.of("deep", Map.of()));
        input.put("active", "yes");
        input.put("colour", "red");
        Validated<Item> v = validate(input);
        assertThat(fields(v)).containsExactlyInAnyOrder("colour", "item_id", "title", "genres", "properties.deep",
                "active");
    }
}
