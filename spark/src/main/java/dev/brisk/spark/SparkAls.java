package dev.brisk.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.EventType;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ModelInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Brisk's implicit ALS trained by Spark MLlib: the events become (user, item, weight) entries
 * exactly as Brisk's own trainer builds its matrix (the same feedback weights, decay and trends,
 * items indexed in the order they first appear), Spark's {@link ALS} in implicit mode solves for
 * the factors (its confidence is Brisk's, c = 1 + alpha·|weight|, a preference where the weight
 * is positive), and the item factors become an {@link ImplicitAls} that serves and folds users in
 * like one trained by Brisk.
 *
 * <p>One difference in the problem: Spark scales the regularisation of each row by its number of
 * positive entries (ALS-WR), Brisk adds it once. Unless told otherwise, Spark's parameter is
 * derived from Brisk's so that the typical interaction's user is regularised alike (see
 * {@link #derivedRegParam}); the served model's fold-in uses Brisk's value.
 */
public final class SparkAls {
    /** The columns an event source hands over: row id, user, item, event type (wire name), rating or null, time (ms). */
    public static final StructType EVENTS = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("user_id", DataTypes.StringType, false)
            .add("item_id", DataTypes.StringType, false)
            .add("event_type", DataTypes.StringType, false)
            .add("rating", DataTypes.DoubleType, true)
            .add("ts", DataTypes.LongType, false);

    private static final double DAY_MILLIS = 86_400_000d;

    private SparkAls() {
    }

    /** What a run needs: how events become weights, Brisk's ALS parameters, and Spark's regularisation when fixed (else derived). */
    public record Settings(InteractionMatrix.Settings matrix, ImplicitAls.Params als, Double sparkRegParam,
                           dev.brisk.core.event.EventTypes types) {
    }

    /** A trained model and the data it saw. */
    public record Trained(ImplicitAls model, long events, long users, long items, long entries, double sparkRegParam,
                          long trainingMillis) {
    }

    /**
     * Trains on {@code events} (columns {@link #EVENTS}); ages are measured from {@code reference},
     * the model's version is {@code trainedAt}; {@code about} is added to the model's parameters.
     */
    public static Trained train(SparkSession spark, Dataset<Row> events, Settings settings, long reference,
                                long trainedAt, Map<String, Object> about) {
        long started = System.currentTimeMillis();
        InteractionMatrix.Settings matrix = settings.matrix();
        Matrix m = Matrix.of(spark, events, matrix, settings.types(), reference);
        try {
            ItemOrder items = m.items();
            Dataset<Row> userIndex = m.userIndex();
            Dataset<Row> entries = m.entries();
            Dataset<Row> weighted = m.weighted();
            long entryCount = entries.count();
            long users = userIndex.count();
            long contributing = weighted.count();
            ImplicitAls.Params p = settings.als();
            double regParam = settings.sparkRegParam() != null ? settings.sparkRegParam()
                    : derivedRegParam(p.regularization(), entries);
            ALSModel fitted = new ALS().setImplicitPrefs(true).setRank(p.factors()).setMaxIter(p.iterations())
                    .setRegParam(regParam).setAlpha(p.alpha()).setSeed(p.seed()).setNonnegative(false)
                    .setNumBlocks(spark.sparkContext().defaultParallelism())
                    .setUserCol("user").setItemCol("item").setRatingCol("weight")
                    .fit(entries);
            int k = p.factors();
            int nItems = items.ids().size();
            float[] factors = new float[nItems * k];
            boolean[] hasData = new boolean[nItems];
            for (Row row : fitted.itemFactors().collectAsList()) {
                int item = row.getInt(0);
                List<Float> features = row.getList(1);
                for (int f = 0; f < k; f++) {
                    factors[item * k + f] = features.get(f);
                }
                hasData[item] = true;
            }
            long took = System.currentTimeMillis() - started;
            Map<String, Object> parameters = new LinkedHashMap<>(p.asMap());
            parameters.remove("cg_steps");
            parameters.put("solver", "spark mllib als (implicit)");
            parameters.put("engine", "spark");
            parameters.put("spark_version", spark.version());
            parameters.put("spark_reg_param", regParam);
            parameters.putAll(about);
            ModelInfo info = new ModelInfo(ImplicitAls.TYPE, Instant.ofEpochMilli(trainedAt).toString(), trainedAt, took,
                    Math.toIntExact(users), nItems, Math.toIntExact(contributing), parameters);
            ImplicitAls model = ImplicitAls.fromItemFactors(info, items.ids(), items.trend(), Catalog.empty(), matrix, k,
                    p.alpha(), p.regularization(), factors, hasData);
            return new Trained(model, contributing, users, nItems, entryCount, regParam, took);
        } finally {
            m.unpersist();
        }
    }

    /**
     * The events as Brisk's trainer turns them into its matrix: {@code weighted} holds each
     * contributing event's decayed value and trend, {@code entries} the (user, item, weight) sums by
     * dense indexes, {@code items} the items in Brisk's order. Persisted until {@link #unpersist}.
     */
    record Matrix(ItemOrder items, Dataset<Row> userIndex, Dataset<Row> entries, Dataset<Row> weighted) {

        static Matrix of(SparkSession spark, Dataset<Row> events, InteractionMatrix.Settings matrix,
                         dev.brisk.core.event.EventTypes types, long reference) {
            Column age = greatest(lit(0L), lit(reference).minus(col("ts")));
            Dataset<Row> weighted = events.withColumn("w", weightOf(matrix.weights(), types))
                    .where(col("w").isNotNull().and(col("w").notEqual(0.0)))
                    .withColumn("value", col("w").multiply(decay(matrix.decayHalfLifeDays(), age)))
                    .withColumn("trend", col("w").multiply(decay(matrix.trendHalfLifeDays(), age)))
                    .select("user_id", "item_id", "value", "trend")
                    .persist();
            ItemOrder items = ItemOrder.of(spark, events, weighted);
            Dataset<Row> userIndex = indexUsers(spark, events);
            Dataset<Row> entries = weighted.groupBy("user_id", "item_id").agg(sum("value").as("weight"))
                    .where(col("weight").notEqual(0.0))
                    .join(userIndex, "user_id")
                    .join(broadcast(items.index()), "item_id")
                    .select(col("user"), col("item"), col("weight").cast(DataTypes.FloatType).as("weight"))
                    .persist();
            return new Matrix(items, userIndex, entries, weighted);
        }

        void unpersist() {
            entries.unpersist();
            weighted.unpersist();
        }
    }

    /** The signed weight of each event as {@link FeedbackWeights#weight} gives it; null for events that say nothing. */
    static Column weightOf(FeedbackWeights weights, dev.brisk.core.event.EventTypes types) {
        Column type = col("event_type");
        Column weight = null;
        for (EventType t : types.all()) {
            if (!t.isPreference()) {
                continue;
            }
            Column value;
            Column applies = type.equalTo(t.wireName());
            if (t == EventType.RATING) {
                double perStep = weights.weight(t, FeedbackWeights.NEUTRAL_RATING + 1);
                value = col("rating").minus(FeedbackWeights.NEUTRAL_RATING).multiply(perStep);
                applies = applies.and(col("rating").isNotNull()).and(col("rating").notEqual(Double.NaN));
            } else {
                value = lit(weights.weight(t, Double.NaN));
            }
            weight = weight == null ? when(applies, value) : weight.when(applies, value);
        }
        return weight == null ? lit(null).cast(DataTypes.DoubleType) : weight;
    }

    /** The decay factor of an age, as Brisk's matrix computes it; 1 when the half-life is 0 (off). */
    private static Column decay(double halfLifeDays, Column ageMillis) {
        if (halfLifeDays == 0) {
            return lit(1.0);
        }
        return pow(lit(0.5), ageMillis.divide(halfLifeDays * DAY_MILLIS));
    }

    /**
     * Spark's parameter for Brisk's regularisation. Spark adds λ'·n to a row with n positive
     * entries, Brisk adds λ to every row; weighting the rows by their entries (where the loss is),
     * λ' = λ·Σn / Σn² regularises the typical entry's row alike.
     */
    private static double derivedRegParam(double regularization, Dataset<Row> entries) {
        Row sums = entries.where(col("weight").gt(0)).groupBy("user").count()
                .agg(sum("count"), sum(col("count").multiply(col("count")))).first();
        if (sums.isNullAt(0) || sums.getLong(1) == 0) {
            return regularization;
        }
        return regularization * sums.getLong(0) / sums.getLong(1);
    }

    /** Dense user indexes (their order does not matter: user factors are not kept). */
    private static Dataset<Row> indexUsers(SparkSession spark, Dataset<Row> events) {
        JavaRDD<Row> indexed = events.select("user_id").distinct().javaRDD().zipWithIndex()
                .map(t -> RowFactory.create(t._1().getString(0), Math.toIntExact(t._2())));
        return spark.createDataFrame(indexed, new StructType().add("user_id", DataTypes.StringType, false)
                .add("user", DataTypes.IntegerType, false));
    }

    /**
     * The items as Brisk's trainer indexes them: in the order of their first event (by row id),
     * each with its trend (positive weight decayed with the trend half-life, at least 0).
     */
    record ItemOrder(List<String> ids, float[] trend, Dataset<Row> index) {

        static ItemOrder of(SparkSession spark, Dataset<Row> events, Dataset<Row> weighted) {
            Dataset<Row> trends = weighted.groupBy("item_id").agg(sum("trend").as("trend"));
            List<Row> rows = events.groupBy("item_id").agg(min("id").as("first"))
                    .join(trends, "item_id", "left")
                    .select(col("item_id"), col("first"), coalesce(col("trend"), lit(0.0)).as("trend"))
                    .orderBy("first")
                    .collectAsList();
            List<String> ids = new ArrayList<>(rows.size());
            float[] trend = new float[rows.size()];
            List<Row> index = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                ids.add(row.getString(0));
                trend[i] = (float) Math.max(0.0, row.getDouble(2));
                index.add(RowFactory.create(row.getString(0), i));
            }
            Dataset<Row> indexFrame = spark.createDataFrame(index, new StructType()
                    .add("item_id", DataTypes.StringType, false).add("item", DataTypes.IntegerType, false));
            return new ItemOrder(ids, trend, indexFrame);
        }
    }
}
