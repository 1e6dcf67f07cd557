package dev.brisk.spark;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Spark jobs of Brisk, one jar: {@code train} (implicit ALS into the shared model store),
 * {@code export} (the interactions as Parquet) and {@code compare} (Spark's and Brisk's ALS on the
 * same data: training times and NDCG@10). The database and the models' settings come from the same
 * {@code BRISK_*} variables as the service's. Run by {@code brisk train --engine spark} or
 * {@code spark-submit --class dev.brisk.spark.SparkJob brisk-spark.jar train}.
 */
@Command(name = "brisk-spark", mixinStandardHelpOptions = true,
        description = "Brisk's training jobs on Spark.",
        subcommands = {TrainJob.class, ExportJob.class, CompareJob.class})
public final class SparkJob implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkJob()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
