package dev.brisk.spark;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.Workers;
import dev.brisk.core.training.ModelSuite;
import dev.brisk.server.app.BackgroundThreads;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.store.Database;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains Brisk's ALS (in this process, {@code BRISK_TRAIN_THREADS} threads, by default every core) and Spark's on the
 * same interactions and prints both training times. Stores nothing: a measurement, not a job.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Time Brisk's ALS against Spark's on the same interactions (stores nothing).")
final class CompareJob implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(names = "--spark-reg-param", description = "Spark's regularisation parameter (default: derived)")
    Double sparkRegParam;

    @Override
    public Integer call() {
        BriskConfig config = BriskConfig.fromEnvironment(System.getenv());
        try (Database db = Database.open(config.database());
             SparkSession spark = Sessions.open("brisk compare", options.master);
             Workers workers = Workers.start(config.models().threadsWithoutServing(),
                     BackgroundThreads.training("train-worker"))) {
            long readStarted = System.currentTimeMillis();
            JobOptions.Events events = options.read(spark, config, db);
            long count = events.rows().count();
            long readMillis = System.currentTimeMillis() - readStarted;
            InteractionLog log = AlsComparison.log(events.rows(), config.eventTypes());
            long newest = 0;
            for (int e = 0; e < log.size(); e++) {
                newest = Math.max(newest, log.timestampAt(e));
            }
            ModelSuite.Params params = config.models().toParams(config.weights(), config.popularHalfLifeDays(), workers);
            AlsComparison.Result r = AlsComparison.run(spark, log, events.rows(), Catalog.empty(), params,
                    sparkRegParam, newest, config.eventTypes());
            System.out.printf("%d interactions (%d users, %d items; read by Spark in %.1f s); ALS %d factors,"
                            + " %d iterations%n", count, log.users().size(), log.items().size(), readMillis / 1000.0,
                    params.als().factors(), params.als().iterations());
            System.out.printf("| engine | threads / master | training time |%n|---|---|---:|%n");
            System.out.printf("| Brisk | %d threads | %.1f s |%n", workers.threads(), r.briskMillis() / 1000.0);
            System.out.printf("| Spark %s | %s | %.1f s |%n", spark.version(), spark.sparkContext().master(),
                    r.spark().trainingMillis() / 1000.0);
            return 0;
        }
    }
}
