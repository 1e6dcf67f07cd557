package dev.brisk.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.ModelInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Brisk's item-kNN computed by Spark: item co-occurrence over the same matrix as Brisk's trainer
 * builds (see {@link SparkAls.Matrix}), with the same similarity — each user's positive weights
 * damped to log(1 + w) and capped at the user's {@code max_user_items} strongest, the dot product of
 * two items' columns divided by |i|^(2a)·|j|^(2(1−a)) + shrink (a the asymmetry), the
 * {@code neighbours} most similar kept per item — so that the stored model serves like Brisk's own.
 * The co-occurrences are a self-join of the user rows: its size is Σ over users of their items²,
 * bounded by the cap.
 */
public final class SparkItemKnn {
    private SparkItemKnn() {
    }

    /** What a run needs: how events become weights, and Brisk's item-kNN parameters. */
    public record Settings(InteractionMatrix.Settings matrix, ItemKnn.Params itemKnn,
                           dev.brisk.core.event.EventTypes types) {
    }

    /** A computed model and the data it saw. */
    public record Trained(ItemKnn model, long pairs, long trainingMillis) {
    }

    /**
     * Computes the neighbours from {@code events} (columns {@link SparkAls#EVENTS}); ages are
     * measured from {@code reference}, the model's version is {@code trainedAt}; {@code about} is
     * added to the model's parameters.
     */
    public static Trained train(SparkSession spark, Dataset<Row> events, Settings settings, long reference,
                                long trainedAt, Map<String, Object> about) {
        long started = System.currentTimeMillis();
        SparkAls.Matrix m = SparkAls.Matrix.of(spark, events, settings.matrix(), settings.types(), reference);
        try {
            ItemKnn.Params p = settings.itemKnn();
            Dataset<Row> rows = m.entries().where(col("weight").gt(0))
                    .withColumn("v", log1p(col("weight")))
                    .withColumn("strongest", row_number().over(Window.partitionBy("user")
                            .orderBy(col("v").desc(), col("item"))))
                    .where(col("strongest").leq(p.maxUserItems()))
                    .select("user", "item", "v")
                    .persist();
            Dataset<Row> squared = rows.groupBy("item").agg(sum(col("v").multiply(col("v"))).as("sq"));
            Dataset<Row> dots = rows.select(col("user"), col("item").as("i"), col("v").as("vi"))
                    .join(rows.select(col("user"), col("item").as("j"), col("v").as("vj")), "user")
                    .where(col("i").notEqual(col("j")))
                    .groupBy("i", "j").agg(sum(col("vi").multiply(col("vj"))).as("dot"));
            double a = p.asymmetry();
            Column similarity = col("dot").divide(pow(col("sqi"), a).multiply(pow(col("sqj"), 1 - a)).plus(p.shrink()));
            List<Row> kept = dots
                    .join(squared.select(col("item").as("i"), col("sq").as("sqi")), "i")
                    .join(squared.select(col("item").as("j"), col("sq").as("sqj")), "j")
                    .withColumn("sim", similarity)
                    .withColumn("rank", row_number().over(Window.partitionBy("i").orderBy(col("sim").desc(), col("j"))))
                    .where(col("rank").leq(p.neighbours()))
                    .select("i", "j", "sim")
                    .orderBy("i", "j")
                    .collectAsList();
            rows.unpersist();
            int nItems = m.items().ids().size();
            int[] start = new int[nItems + 1];
            int[] neighbour = new int[kept.size()];
            float[] sims = new float[kept.size()];
            for (int n = 0; n < kept.size(); n++) {
                Row row = kept.get(n);
                start[row.getInt(0) + 1]++;
                neighbour[n] = row.getInt(1);
                sims[n] = (float) row.getDouble(2);
            }
            for (int i = 0; i < nItems; i++) {
                start[i + 1] += start[i];
            }
            long took = System.currentTimeMillis() - started;
            Map<String, Object> parameters = new LinkedHashMap<>(p.asMap());
            parameters.put("engine", "spark");
            parameters.put("spark_version", spark.version());
            parameters.putAll(about);
            ModelInfo info = new ModelInfo(ItemKnn.TYPE, Instant.ofEpochMilli(trainedAt).toString(), trainedAt, took,
                    Math.toIntExact(m.userIndex().count()), nItems, Math.toIntExact(m.weighted().count()), parameters);
            ItemKnn model = ItemKnn.fromNeighbours(info, new ArrayList<>(m.items().ids()), m.items().trend(),
                    Catalog.empty(), settings.matrix(), start, neighbour, sims);
            return new Trained(model, kept.size(), took);
        } finally {
            m.unpersist();
        }
    }
}
