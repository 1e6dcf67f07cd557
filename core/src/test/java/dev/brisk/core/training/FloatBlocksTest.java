package dev.brisk.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FloatBlocksTest {

    @Test
    void slicesFollowEachOtherInABlockAndNeverOverlap() {
        FloatBlocks blocks = new FloatBlocks();
        FloatBlocks.Slice a = blocks.take(300);
        FloatBlocks.Slice b = blocks.take(500);
        assertThat(b.block()).isSameAs(a.block());
        assertThat(a.offset()).isZero();
        assertThat(b.offset()).isEqualTo(300);
        assertThat(a.block()).hasSize(FloatBlocks.BLOCK_FLOATS);
    }

    @Test
    void aSliceThatDoesNotFitStartsANewBlock() {
        FloatBlocks blocks = new FloatBlocks();
        FloatBlocks.Slice first = blocks.take(FloatBlocks.BLOCK_FLOATS - 10);
        FloatBlocks.Slice exact = blocks.take(10);
        FloatBlocks.Slice next = blocks.take(11);
        assertThat(exact.block()).isSameAs(first.block());
        assertThat(exact.offset()).isEqualTo(FloatBlocks.BLOCK_FLOATS - 10);
        assertThat(next.block()).isNotSameAs(first.block());
        assertThat(next.offset()).isZero();
        for (float f : next.block()) {
            assertThat(f).isZero();
        }
    }

    @Test
    void aSliceLongerThanABlockGetsAnArrayOfItsOwnAndTheBlockGoesOn() {
        FloatBlocks blocks = new FloatBlocks();
        FloatBlocks.Slice small = blocks.take(4);
        FloatBlocks.Slice large = blocks.take(FloatBlocks.BLOCK_FLOATS + 1);
        FloatBlocks.Slice after = blocks.take(4);
        assertThat(large.block()).hasSize(FloatBlocks.BLOCK_FLOATS + 1);
        assertThat(large.offset()).isZero();
        assertThat(after.block()).isSameAs(small.block());
        assertThat(after.offset()).isEqualTo(4);
        assertThatThrownBy(() -> blocks.take(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
