package dev.brisk.spark;

import dev.brisk.core.model.Workers;
import dev.brisk.core.training.ModelSuite;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.cluster.ModelStore;
import dev.brisk.server.store.ClusterStore;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.ModelSnapshotStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains implicit ALS on Spark and stores it in the shared model store as a new version, fenced
 * by the external trainer's lease; every running instance then serves it like its own, and
 * {@code GET /models} shows it with {@code "engine": "spark"}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train implicit ALS with Spark MLlib and store it in the model store.")
final class TrainJob implements Callable<Integer> {
    /** A data set whose newest event is older than this is historical: ages are measured from its end (as Brisk's trainer does). */
    static final long HISTORICAL_AFTER_MILLIS = 30L * 86_400_000L;

    @Mixin
    JobOptions options = new JobOptions();

    @Option(names = "--spark-reg-param",
            description = "Spark's regularisation parameter (default: BRISK_ALS_REGULARIZATION per average user)")
    Double sparkRegParam;

    @Override
    public Integer call() {
        try (SparkSession spark = Sessions.open("brisk train", options.master)) {
            long id = train(spark, System.getenv());
            if (id < 0) {
                System.err.println("Trained but not stored: this job's lease ran out meanwhile; run it again");
                return 1;
            }
            return 0;
        }
    }

    /** Trains on {@code spark} with the settings in {@code env} and stores the model; its snapshot id, or -1 when the lease ran out. */
    long train(SparkSession spark, Map<String, String> env) {
        BriskConfig config = BriskConfig.fromEnvironment(env);
        long started = System.currentTimeMillis();
        try (Database db = Database.open(config.database())) {
            ClusterStore cluster = new ClusterStore(db);
            String holder = "spark:" + spark.sparkContext().applicationId() + ":" + started;
            try (JobLease lease = JobLease.take(cluster, holder, config.cluster().leaseSeconds() * 1000L)) {
                JobOptions.Events events = options.read(spark, config, db);
                long readAt = System.currentTimeMillis();
                long newest = newest(events);
                long reference = newest > 0 && newest < started - HISTORICAL_AFTER_MILLIS ? newest : started;
                ModelSuite.Params params = config.models().toParams(config.weights(), config.popularHalfLifeDays(),
                        Workers.single());
                Map<String, Object> about = new LinkedHashMap<>();
                about.put("spark_master", spark.sparkContext().master());
                about.put("source", options.parquet != null ? "parquet" : "database");
                SparkAls.Trained trained = SparkAls.train(spark, events.rows(),
                        new SparkAls.Settings(params.matrix(), params.als(), sparkRegParam, config.eventTypes()), reference, started, about);
                events.rows().unpersist();
                long took = System.currentTimeMillis() - started;
                ModelStore store = new ModelStore(new ModelSnapshotStore(db), config.cluster().modelVersionsKept(),
                        config.eventTypes());
                long id = store.save(List.of(trained.model()), events.throughId(), trained.events(), took,
                        ModelStore.EXTERNAL_TRAINER_LEASE, lease.holder());
                if (id > 0) {
                    System.out.printf("Stored als version %s as snapshot %d (trained by %s): %d events, %d users,"
                                    + " %d items, %d pairs; read %.1f s, trained %.1f s, total %.1f s%n",
                            trained.model().info().version(), id, lease.holder(), trained.events(), trained.users(),
                            trained.items(), trained.entries(), (readAt - started) / 1000.0,
                            trained.trainingMillis() / 1000.0, (System.currentTimeMillis() - started) / 1000.0);
                }
                return id;
            }
        }
    }

    private static long newest(JobOptions.Events events) {
        var row = events.rows().agg(org.apache.spark.sql.functions.max("ts")).first();
        return row.isNullAt(0) ? 0 : row.getLong(0);
    }
}
