package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdMapTest {

    @Test
    void denseIndexesInOrderOfFirstAppearance() {
        IdMap map = new IdMap();
        assertThat(map.size()).isZero();
        assertThat(map.add("a")).isEqualTo(0);
        assertThat(map.add("b")).isEqualTo(1);
        assertThat(map.add("a")).isEqualTo(0);
        assertThat(map.add("c")).isEqualTo(2);
        assertThat(map.size()).isEqualTo(3);
    }

    @Test
    void unknownIdsAreMinusOne() {
        IdMap map = new IdMap();
        assertThat(map.indexOf("x")).isEqualTo(-1);
        map.add("y");
        assertThat(map.indexOf("x")).isEqualTo(-1);
        assertThat(map.indexOf("y")).isZero();
    }

    @Test
    void manyIdsRoundTrip() {
        IdMap map = new IdMap();
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            assertThat(map.add("id-" + i)).isEqualTo(i);
        }
        for (int i = 0; i < n; i++) {
            map.add("id-" + (n - 1 - i));
        }
        assertThat(map.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(map.indexOf("id-" + i)).isEqualTo(i);
            assertThat(map.idAt(i)).isEqualTo("id-" + i);
            assertThat(map.indexOf(map.idAt(i))).isEqualTo(i);
        }
    }
}
