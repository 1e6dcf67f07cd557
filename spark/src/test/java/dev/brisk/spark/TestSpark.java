package dev.brisk.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session for every test of this module (starting one takes seconds); stopped when the JVM ends. */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = Sessions.open("brisk spark tests", "local[2]");
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-test-stop"));
        }
        return session;
    }
}
