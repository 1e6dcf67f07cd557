package dev.brisk.spark;

import static org.apache.spark.sql.functions.col;

import dev.brisk.server.store.Database;
import dev.brisk.server.store.Dialect;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the Spark jobs read events from, always as the columns of {@link SparkAls#EVENTS}: the
 * database's {@code user_events} (partitioned JDBC reads, one range of row ids per partition, up
 * to a given row id so that a job knows exactly which events its model saw), or a Parquet export
 * of the same columns.
 */
public final class InteractionSource {
    private static final String COLUMNS = "id BIGINT, user_id STRING, item_id STRING, event_type STRING,"
            + " rating DOUBLE, ts BIGINT";

    private InteractionSource() {
    }

    /** The events with row ids 1 to {@code throughId}, read in {@code partitions} parallel ranges. */
    public static Dataset<Row> database(SparkSession spark, Database.Settings db, long throughId, int partitions) {
        Dialect dialect = Dialect.of(db.url());
        String url = db.url();
        if (dialect == Dialect.POSTGRESQL && !db.schema().isEmpty()) {
            url += (url.contains("?") ? "&" : "?") + "currentSchema=" + db.schema();
        }
        var reader = spark.read().format("jdbc")
                .option("url", url)
                .option("driver", dialect == Dialect.POSTGRESQL ? "org.postgresql.Driver" : "org.sqlite.JDBC")
                .option("dbtable", "(SELECT id, user_id, item_id, event_type, rating, timestamp AS ts"
                        + " FROM user_events WHERE id <= " + throughId + ") events")
                // SQLite declares INTEGER for 64-bit columns: the types are given, not inferred.
                .option("customSchema", COLUMNS)
                .option("partitionColumn", "id")
                .option("lowerBound", 1L)
                .option("upperBound", Math.max(2L, throughId + 1))
                .option("numPartitions", Math.max(1, partitions))
                .option("fetchsize", 10_000);
        if (!db.user().isEmpty()) {
            reader = reader.option("user", db.user()).option("password", db.password());
        }
        return normalise(reader.load());
    }

    /** The events of a Parquet export ({@code brisk export interactions --format parquet}). */
    public static Dataset<Row> parquet(SparkSession spark, String dir) {
        return normalise(spark.read().parquet(dir));
    }

    private static Dataset<Row> normalise(Dataset<Row> events) {
        return events.select(col("id").cast("long").as("id"), col("user_id").cast("string").as("user_id"),
                col("item_id").cast("string").as("item_id"), col("event_type").cast("string").as("event_type"),
                col("rating").cast("double").as("rating"), col("ts").cast("long").as("ts"));
    }
}
