package dev.brisk.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Wall-clock and CPU time of single training runs, on the data of {@link ModelTrainingBenchmark}.
 * On a machine shared with other work the wall clock depends on the neighbours; the process's
 * CPU time does not, and CPU time / threads is what the run takes on idle cores.
 * <pre>java -cp bench/target/brisk-bench.jar dev.brisk.bench.ModelTrainingTimer 1000000 2 [runs]</pre>
 */
public final class ModelTrainingTimer {
    private ModelTrainingTimer() {
    }

    public static void main(String[] args) {
        int interactions = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean big = interactions > 1_000_000;
        ModelBenchmarkData data = ModelBenchmarkData.generate(big ? 100_000 : 20_000, big ? 100_000 : 10_000,
                interactions, 0);
        InteractionMatrix matrix = data.matrix();
        ItemIndex index = ItemIndex.of(matrix, data.catalog);
        System.out.printf(Locale.ROOT, "%,d interactions: %,d users, %,d items, %,d non-zeros; %d threads%n",
                matrix.events(), matrix.userCount(), matrix.itemCount(), matrix.nonZeros(), threads);
        try (Workers workers = Workers.start(threads, Executors.defaultThreadFactory())) {
            for (int run = 0; run < runs; run++) {
                time("matrix", 1, data::matrix);
                for (ImplicitAls.Solver solver : ImplicitAls.Solver.values()) {
                    if (solver == ImplicitAls.Solver.CHOLESKY && (big || run > 0)) {
                        continue; // once, on 1M: the comparison is the point
                    }
                    ImplicitAls.Params p = ImplicitAls.Params.defaults().withFactors(64).withSolver(solver);
                    time("als " + solver.name().toLowerCase(Locale.ROOT), threads,
                            () -> ImplicitAls.train(matrix, index, p, workers, TrainingProgress.NONE, null));
                }
                time("item_knn", threads, () -> ItemKnn.train(matrix, index, ItemKnn.Params.defaults(), workers,
                        TrainingProgress.NONE, null));
            }
        }
    }

    private static void time(String what, int threads, Supplier<?> work) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double load = os.getSystemLoadAverage();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        work.get();
        double wallS = (System.nanoTime() - wall) / 1e9;
        double cpuS = (os.getProcessCpuTime() - cpu) / 1e9;
        System.out.printf(Locale.ROOT, "%-16s wall %7.2f s  cpu %7.2f s  cpu/threads %7.2f s  (load average %.1f)%n",
                what, wallS, cpuS, cpuS / threads, load);
    }
}
