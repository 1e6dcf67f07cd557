package dev.brisk.spark;

import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.InteractionReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** What every job is told: the Spark master, and where the events are (the database, or a Parquet export). */
final class JobOptions {
    @Option(names = "--master", description = "Spark master: local[N], spark://HOST:PORT, yarn, ..."
            + " (default: the one spark-submit sets, else " + Sessions.DEFAULT_MASTER + ")")
    String master;

    @Option(names = "--parquet", paramLabel = "DIR",
            description = "Read the interactions from this Parquet export instead of the database")
    String parquet;

    @Option(names = "--partitions", defaultValue = "8",
            description = "Parallel reads of the events table (ranges of row ids; default ${DEFAULT-VALUE})")
    int partitions;

    /** The events a job reads, and the highest row id among them. */
    record Events(Dataset<Row> rows, long throughId) {
    }

    Events read(SparkSession spark, BriskConfig config, Database db) {
        if (parquet != null) {
            Dataset<Row> rows = InteractionSource.parquet(spark, parquet).persist();
            Row max = rows.agg(org.apache.spark.sql.functions.max("id")).first();
            return new Events(rows, max.isNullAt(0) ? 0 : max.getLong(0));
        }
        long through = new InteractionReader(db).maxId();
        return new Events(InteractionSource.database(spark, config.database(), through, partitions).persist(), through);
    }
}
