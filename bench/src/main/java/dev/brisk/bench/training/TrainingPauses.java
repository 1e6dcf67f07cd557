package dev.brisk.bench.training;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.training.ModelSuite;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The collector's pauses that training runs cause: every model of the suite trained RUNS times (with
 * validation and the hybrid's tuning, as the service's trainer does) on demo data of the service's
 * default shape, and the young collections' pauses counted from the start of the first run. A
 * trainer that never rests makes these pauses, and every serving thread stands still in them. Run
 * it with the heap and collector options of {@code ./brisk}.
 * <pre>java -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -cp bench/target/brisk-bench.jar dev.brisk.bench.training.TrainingPauses [EVENTS] [RUNS]</pre>
 */
public final class TrainingPauses {
    private TrainingPauses() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 160_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long end = java.time.Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
        DemoData data = new DemoDataGenerator().generate(new DemoDataGenerator.Config(5, 5_500, 1_200, events, 20, end));
        InteractionLog.Builder builder = InteractionLog.builder();
        data.events().forEach(builder::add);
        InteractionLog log = builder.build();
        Catalog catalog = Catalog.of(data.items());
        System.gc();
        List<Double> pauses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                if (info.getGcName().contains("Young")) {
                    pauses.add((double) info.getGcInfo().getDuration());
                }
            }, null, null);
        }
        long started = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            ModelSuite.train(log, catalog, ModelSuite.Params.defaults(), (phase, done, total) -> { }, end);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(200); // the last notifications
        List<Double> sorted;
        synchronized (pauses) {
            sorted = new ArrayList<>(pauses);
        }
        sorted.sort(null);
        double sum = sorted.stream().mapToDouble(Double::doubleValue).sum();
        long over10 = sorted.stream().filter(p -> p > 10).count();
        System.out.printf(Locale.ROOT, "%,d events, %d runs in %.1f s: %d young pauses, %.0f ms in all, p50 %.0f ms,"
                        + " max %.0f ms, %d over 10 ms%n", log.size(), runs, seconds, sorted.size(), sum,
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                over10);
    }
}
