package dev.brisk.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark session of a job: the master given, else the one spark-submit set, else local[2]. */
final class Sessions {
    static final String DEFAULT_MASTER = "local[2]";

    private Sessions() {
    }

    static SparkSession open(String appName, String master) {
        SparkConf submitted = new SparkConf();
        String chosen = master != null ? master : submitted.get("spark.master", DEFAULT_MASTER);
        SparkSession.Builder builder = SparkSession.builder().appName(appName).master(chosen)
                .config("spark.ui.showConsoleProgress", "false");
        if (chosen.startsWith("local")) {
            // One machine: no web UI to bind a port for, and few shuffle partitions for small data.
            builder.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
