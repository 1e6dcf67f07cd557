package dev.brisk.bench.training;

import dev.brisk.core.event.EventType;
import dev.brisk.core.model.InteractionLog;
import java.util.SplittableRandom;

/**
 * Heap taken by the trainer's in-memory interactions: fills an {@link InteractionLog.Builder} (what
 * the trainer keeps) with N interactions of U users and I items, ids shaped like real ones
 * ("user-123456", "item-12345"), and reports the live heap after a full GC, per interaction, then
 * the extra heap of one training snapshot taken from it (held while a run fits the models).
 * <pre>java -Xmx8g -cp bench/target/brisk-bench.jar dev.brisk.bench.training.TrainingDataFootprint 10000000 1000000 50000</pre>
 */
public final class TrainingDataFootprint {
    private TrainingDataFootprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : n / 10;
        int items = args.length > 2 ? Integer.parseInt(args[2]) : Math.max(1_000, n / 200);
        long base = liveHeap();
        InteractionLog.Builder builder = InteractionLog.builder();
        SplittableRandom random = new SplittableRandom(7);
        EventType[] types = {EventType.VIEW, EventType.VIEW, EventType.VIEW, EventType.CLICK, EventType.RATING,
                EventType.PURCHASE};
        long t = 1_700_000_000_000L;
        for (int i = 0; i < n; i++) {
            EventType type = types[random.nextInt(types.length)];
            // A power-law-ish item choice; users uniform.
            int item = (int) Math.min(items - 1, Math.floor(Math.pow(random.nextDouble(), 3) * items));
            builder.add("user-" + random.nextInt(users), "item-" + item, type,
                    type == EventType.RATING ? 0.5 + random.nextInt(10) / 2.0 : Double.NaN, t + i * 1000L);
        }
        long held = liveHeap() - base;
        InteractionLog snapshot = builder.snapshot();
        long withSnapshot = liveHeap() - base;
        System.out.printf("interactions %,d  users %,d  items %,d  (distinct seen: %,d users, %,d items)%n", n, users,
                items, snapshot.users().size(), snapshot.items().size());
        System.out.printf("kept by the trainer: %,d bytes = %.1f bytes/interaction (arrays alone %d, the rest ids"
                + " and unused capacity)%n", held, (double) held / n, InteractionLog.Builder.bytesPerInteraction());
        System.out.printf("while a run holds a snapshot: %,d bytes = %.1f bytes/interaction%n", withSnapshot,
                (double) withSnapshot / n);
        if (snapshot.size() != builder.size()) {
            throw new IllegalStateException("snapshot lost interactions");
        }
    }

    /** Heap in use after full collections (the least of five), in bytes. */
    public static long liveHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
