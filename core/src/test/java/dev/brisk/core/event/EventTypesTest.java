package dev.brisk.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventTypesTest {
    private final EventTypes types = EventTypes.declaring(List.of("star", "share"));

    @Test
    void declaredTypesComeAfterTheBuiltInsInTheirOrder() {
        assertThat(types.all()).hasSize(EventType.builtIns().size() + 2)
                .startsWith(EventType.builtIns().toArray(new EventType[0]));
        assertThat(types.declared()).extracting(EventType::wireName).containsExactly("star", "share");
        assertThat(types.declared()).extracting(EventType::ordinal).containsExactly(8, 9);
        assertThat(types.wireNames()).endsWith("impression, star, share");
        assertThat(types.declaredNames()).isEqualTo("star,share");
    }

    @Test
    void declaredTypesAreAcceptedLikeBuiltInsAndTheBuiltInsKeepTheirMeaning() {
        EventType star = types.fromWire(" Star ").orElseThrow();
        assertThat(star.wireName()).isEqualTo("star");
        assertThat(star.isBuiltIn()).isFalse();
        assertThat(star.isPreference()).isTrue();
        assertThat(star.defaultWeight()).isEqualTo(EventType.DECLARED_DEFAULT_WEIGHT);
        assertThat(types.fromWire("rate")).containsSame(EventType.RATING);
        assertThat(types.fromWire("purchase")).containsSame(EventType.PURCHASE);
        assertThat(types.fromWire("like_a_lot")).isEmpty();
        assertThat(EventTypes.BUILT_IN.fromWire("star")).isEmpty();
    }

    @Test
    void storedEventsOfATypeNoLongerDeclaredReadAsARetiredTypeThatWeighsNothing() {
        EventType retired = EventTypes.BUILT_IN.fromStored("star");
        assertThat(retired.wireName()).isEqualTo("star");
        assertThat(retired.isRetired()).isTrue();
        assertThat(retired.isPreference()).isFalse();
        assertThat(retired.defaultWeight()).isZero();
        assertThat(retired).isEqualTo(types.fromWire("star").orElseThrow());
        assertThat(types.fromStored("star").isRetired()).isFalse();
        assertThat(types.fromStored("view")).isSameAs(EventType.VIEW);
    }

    @Test
    void everyBadNameIsReported() {
        List<String> problems = EventTypes.problems(List.of("Star", "9lives", "view", "rate", "share", "share",
                "a-b", "x".repeat(33)));
        assertThat(problems).hasSize(7);
        assertThat(problems.get(0)).contains("'Star'").contains("lower-case");
        assertThat(problems.get(2)).contains("'view'").contains("built in");
        assertThat(problems.get(3)).contains("'rate'").contains("built in");
        assertThat(problems.get(4)).contains("'share' is declared twice");
        assertThatThrownBy(() -> EventTypes.declaring(List.of("view"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("built in");
    }

    @Test
    void theNumberOfDeclaredTypesIsBounded() {
        List<String> many = IntStream.range(0, EventTypes.MAX_DECLARED + 1).mapToObj(i -> "t" + i).toList();
        assertThat(EventTypes.problems(many)).singleElement().asString().contains("at most " + EventTypes.MAX_DECLARED);
        assertThat(EventTypes.problems(many.subList(0, EventTypes.MAX_DECLARED))).isEmpty();
    }

    @Test
    void declaringNothingIsTheBuiltInVocabulary() {
        assertThat(EventTypes.declaring(Collections.emptyList())).isSameAs(EventTypes.BUILT_IN);
        assertThat(EventTypes.BUILT_IN.all()).isEqualTo(EventType.builtIns());
    }
}
