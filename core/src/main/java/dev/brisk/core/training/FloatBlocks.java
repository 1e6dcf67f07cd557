package dev.brisk.core.training;

/**
 * Many small float arrays packed into a few large blocks, for data that lives through a whole
 * training stage (the hybrid tuner's pools: thousands of arrays of a few hundred floats).
 * <p>Small arrays are allocated in the young generation, and each young collection they survive
 * copies them while every thread stands still: with a trainer that never rests, those copies were
 * the longest pauses the serving threads saw. A block of {@value #BLOCK_FLOATS} floats (1 MiB) is
 * at least half of a G1 region for heaps under 4 GiB ({@code ./brisk}'s default is 1 GiB), so the
 * collector allocates it outside the young generation and never copies it; it is freed with the
 * last reference. With a larger heap the blocks are copied, but as a few large arrays instead of
 * thousands of small ones.
 * <p>Not thread-safe: one thread takes slices.
 */
final class FloatBlocks {
    /** Floats per block: 1 MiB. */
    static final int BLOCK_FLOATS = 1 << 18;

    private float[] current;
    private int used;

    /** A run of {@code length} floats, all zero, in {@code block} from {@code offset}. */
    record Slice(float[] block, int offset) {
    }

    /** A new run of floats; one longer than a block gets an array of its own. */
    Slice take(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, got " + length);
        }
        if (length > BLOCK_FLOATS) {
            return new Slice(new float[length], 0);
        }
        if (current == null || used + length > BLOCK_FLOATS) {
            current = new float[BLOCK_FLOATS];
            used = 0;
        }
        Slice slice = new Slice(current, used);
        used += length;
        return slice;
    }
}
