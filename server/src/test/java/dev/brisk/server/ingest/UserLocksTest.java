package dev.brisk.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UserLocksTest {

    @Test
    void partsAreAscendingRangesOfKeysSoThatPartsInOrderTakeKeysInOrder() {
        List<String> users = IntStream.range(0, 5_000).mapToObj(i -> "user-" + i).toList();
        for (int parts : new int[] {1, 2, 3, 4, 7}) {
            List<String> byKey = users.stream().sorted((a, b) -> Long.compare(UserLocks.keyOf(a), UserLocks.keyOf(b)))
                    .toList();
            int previous = 0;
            for (String user : byKey) {
                int part = UserLocks.partOf(user, parts);
                assertThat(part).isBetween(previous, parts - 1);
                previous = part;
            }
            assertThat(previous).as("every part gets users").isEqualTo(parts - 1);
        }
    }

    @Test
    void keysAreTheSameInEveryProcessAndNeverNegative() {
        assertThat(UserLocks.keyOf("u1")).isEqualTo(UserLocks.keyOf(new String("u1")));
        assertThat(UserLocks.keyOf("")).isEqualTo(0xcbf29ce484222325L & Long.MAX_VALUE);
        assertThat(IntStream.range(0, 1000).mapToLong(i -> UserLocks.keyOf("x" + i))).allMatch(k -> k >= 0);
        assertThat(UserLocks.keysInOrder(List.of("b", "a", "b"))).isSorted().hasSize(2);
    }
}
