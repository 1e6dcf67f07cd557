package dev.brisk.spark;

import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.Workers;
import dev.brisk.core.training.ModelSuite;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.cluster.ModelStore;
import dev.brisk.server.store.ClusterStore;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.ModelSnapshotStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains implicit ALS (and, when asked, computes item-kNN's co-occurrence neighbours) on Spark and
 * stores the models in the shared model store as one new version, fenced by the external trainer's
 * lease; every running instance then serves them like its own, and {@code GET /models} shows them
 * with {@code "engine": "spark"}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train implicit ALS (and item-kNN) with Spark and store them in the model store.")
final class TrainJob implements Callable<Integer> {
    /** A data set whose newest event is older than this is historical: ages are measured from its end (as Brisk's trainer does). */
    static final long HISTORICAL_AFTER_MILLIS = 30L * 86_400_000L;
    /** The models this job can train. */
    static final List<String> SPARK_MODELS = List.of(ImplicitAls.TYPE, ItemKnn.TYPE);

    @Mixin
    JobOptions options = new JobOptions();

    @Option(names = "--spark-reg-param",
            description = "Spark's regularisation parameter (default: BRISK_ALS_REGULARIZATION per average user)")
    Double sparkRegParam;

    @Option(names = "--models", split = ",", defaultValue = ImplicitAls.TYPE,
            description = "The models to train: als, item_knn or both (default ${DEFAULT-VALUE})")
    List<String> models = List.of(ImplicitAls.TYPE);

    @Override
    public Integer call() {
        List<String> unknown = models.stream().filter(m -> !SPARK_MODELS.contains(m)).toList();
        if (models.isEmpty() || !unknown.isEmpty()) {
            System.err.println("--models takes " + String.join(", ", SPARK_MODELS) + "; got " + models);
            return 2;
        }
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
                List<Recommender> trained = new ArrayList<>();
                long interactions = 0;
                if (models.contains(ImplicitAls.TYPE)) {
                    SparkAls.Trained als = SparkAls.train(spark, events.rows(), new SparkAls.Settings(params.matrix(),
                            params.als(), sparkRegParam, config.eventTypes()), reference, started, about);
                    trained.add(als.model());
                    interactions = als.events();
                    System.out.printf("Trained als: %d events, %d users, %d items, %d pairs in %.1f s%n", als.events(),
                            als.users(), als.items(), als.entries(), als.trainingMillis() / 1000.0);
                }
                if (models.contains(ItemKnn.TYPE)) {
                    SparkItemKnn.Trained knn = SparkItemKnn.train(spark, events.rows(), new SparkItemKnn.Settings(
                            params.matrix(), params.itemKnn(), config.eventTypes()), reference, started, about);
                    trained.add(knn.model());
                    interactions = knn.model().info().interactions();
                    System.out.printf("Computed item_knn: %d items, %d neighbour pairs in %.1f s%n",
                            knn.model().info().items(), knn.pairs(), knn.trainingMillis() / 1000.0);
                }
                events.rows().unpersist();
                long took = System.currentTimeMillis() - started;
                ModelStore store = new ModelStore(new ModelSnapshotStore(db), config.cluster().modelVersionsKept(),
                        config.eventTypes());
                long id = store.save(trained, events.throughId(), interactions, took,
                        ModelStore.EXTERNAL_TRAINER_LEASE, lease.holder());
                if (id > 0) {
                    System.out.printf("Stored %s version %s as snapshot %d (trained by %s); read %.1f s, total %.1f s%n",
                            trained.stream().map(Recommender::type).toList(), trained.get(0).info().version(), id,
                            lease.holder(), (readAt - started) / 1000.0, (System.currentTimeMillis() - started) / 1000.0);
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
