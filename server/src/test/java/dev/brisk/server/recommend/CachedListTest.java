package dev.brisk.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.store.Json;
import dev.brisk.server.store.LoggedList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cache's form of a served list: a hit spliced from it is exactly the body Jackson writes for
 * the same list (whole, or any page), and anything not in that form (an older version's JSON, a
 * cut or damaged text) is not read.
 */
class CachedListTest {
    private static final String REQUEST = "0f8fad5b-d9cb-469f-a165-70867728950e";

    /** Titles and explanations with quotes, backslashes, line breaks, commas, braces and text beyond Latin-1. */
    private static ServedList.Cached list(int size) {
        List<ServedList.Entry> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(new ServedList.Entry(i + 1, "item-" + i, "Title \"" + i + "\" },{ \\ line\nbreak – 東京 🎬",
                    List.of("Drama", "Sci-Fi"), 0.9 - i * 0.0123456789, "Because you watched X, \"Y\"",
                    i % 2 == 0 ? "similar" : "popular", i % 3 == 0 ? List.of() : List.of("seen-" + i)));
        }
        return new ServedList.Cached("als", "als-20261130-1", size % 2 == 1, items);
    }

    private static String body(CachedList list, boolean cached, long took, int from, int to, String experiment) {
        return new String(list.body(REQUEST, cached, took, from, to, experiment), StandardCharsets.UTF_8);
    }

    @Test
    void aSplicedBodyIsWhatJacksonWritesForTheSameListAndPage() {
        ServedList.Cached made = list(7);
        CachedList stored = CachedList.parse(CachedList.of("user \"7\" 東", made).text());
        assertThat(stored).isNotNull();
        ServedList.InExperiment experiment = new ServedList.InExperiment("exp-1", "treatment", "als");
        for (int from = 0; from <= 7; from++) {
            for (int to = from; to <= 7; to++) {
                ServedList expected = new ServedList(REQUEST, "user \"7\" 東", "als", "als-20261130-1", true,
                        made.coldStart(), 0.123, made.items().subList(from, to), null);
                assertThat(body(stored, true, 123, from, to, null)).as("items %d to %d", from, to)
                        .isEqualTo(Json.write(expected));
                assertThat(stored.items(from, to)).isEqualTo(made.items().subList(from, to));
            }
        }
        ServedList inExperiment = new ServedList(REQUEST, "user \"7\" 東", "als", "als-20261130-1", false,
                made.coldStart(), 12.5, made.items().subList(2, 5), experiment);
        assertThat(body(stored, false, 12_500, 2, 5, Json.write(experiment))).isEqualTo(Json.write(inExperiment));
    }

    @Test
    void tookMsIsWrittenAsJacksonWritesTheDouble() {
        for (long micros : new long[] {0, 1, 9, 10, 40, 41, 99, 100, 120, 999, 1_000, 1_001, 1_010, 12_500, 123_456,
                3_600_000_000L, 9_999_999_999L, 10_000_000_000L, 123_456_789_012L}) {
            StringBuilder out = new StringBuilder();
            CachedList.appendMillis(out, micros);
            assertThat(out.toString()).as("%d µs", micros).isEqualTo(Json.write(micros / 1_000.0));
        }
    }

    @Test
    void theStoredFormKeepsWhatAHitChecksAndWhatTheLogNeeds() {
        CachedList stored = CachedList.parse(CachedList.of("u1", list(4)).text());
        assertThat(stored.model()).isEqualTo("als");
        assertThat(stored.modelVersion()).isEqualTo("als-20261130-1");
        assertThat(stored.coldStart()).isFalse();
        assertThat(stored.size()).isEqualTo(4);
        assertThat(List.of(stored.itemId(0), stored.itemId(3))).containsExactly("item-0", "item-3");

        ServedList.InExperiment experiment = new ServedList.InExperiment("exp-1", "control", "als");
        LoggedList page = stored.logged("r1", "u1", 1, 3, experiment);
        assertThat(page.items()).isEqualTo("item-1\nitem-2");
        assertThat(page.itemIds()).containsExactly("item-1", "item-2");
        assertThat(page.itemCount()).isEqualTo(2);
        assertThat(page.firstPosition()).as("the rank of the page's first item").isEqualTo(2);
        assertThat(List.of(page.requestId(), page.userId(), page.modelType(), page.modelVersion(), page.experimentId(),
                page.variant())).containsExactly("r1", "u1", "als", "als-20261130-1", "exp-1", "control");
        assertThat(stored.logged("r2", "u1", 0, 4, null).items()).isEqualTo("item-0\nitem-1\nitem-2\nitem-3");
    }

    @Test
    void anEmptyListIsKeptAndServedEmpty() {
        CachedList stored = CachedList.parse(CachedList.of("u1", list(0)).text());
        assertThat(stored.size()).isZero();
        assertThat(body(stored, true, 1_000, 0, 0, null)).isEqualTo(Json.write(new ServedList(REQUEST, "u1", "als",
                "als-20261130-1", true, false, 1.0, List.of(), null)));
    }

    @Test
    void aListCachedByAnOlderVersionOrDamagedIsNotRead() {
        assertThat(CachedList.parse(Json.write(list(3)))).as("the JSON an older version cached").isNull();
        assertThat(CachedList.parse("")).isNull();
        assertThat(CachedList.parse(CachedList.FORMAT)).isNull();
        String text = CachedList.of("u1", list(3)).text();
        for (int length = 0; length < text.length(); length++) {
            assertThat(CachedList.parse(text.substring(0, length))).as("cut after %d characters", length).isNull();
        }
        String[] lines = text.split("\n", -1);
        lines[3] = "x";
        assertThat(CachedList.parse(String.join("\n", lines))).as("cold start not 0 or 1").isNull();
        lines = text.split("\n", -1);
        lines[4] = lines[4].replaceFirst("^\\d+", "99999");
        assertThat(CachedList.parse(String.join("\n", lines))).as("item ends past the text").isNull();
        lines = text.split("\n", -1);
        lines[4] = lines[4].replace(",", ";");
        assertThat(CachedList.parse(String.join("\n", lines))).as("item ends that are not numbers").isNull();
        assertThat(CachedList.parse(text.replace("item-1\n", ""))).as("an id missing").isNull();
    }
}
