package dev.brisk.server.cli;

import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.app.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code brisk train --engine spark}: trains implicit ALS (and with {@code --models} item-kNN's
 * neighbours) on Spark and stores them in the model store,
 * from which every running instance serves it. Brisk's own trainer runs inside the service
 * ({@code POST /models/{type}/train}); this command launches the engines that run outside it.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train ALS (and item-kNN) on Spark and store them in the model store (the service trains its own models itself).")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--engine", required = true, description = "spark (the engine that runs outside the service)")
    String engine;

    @Option(names = "--master", defaultValue = "local[2]",
            description = "local[N], spark://HOST:PORT or yarn (default ${DEFAULT-VALUE}; other than local needs spark-submit)")
    String master;

    @Option(names = "--driver-memory", defaultValue = "2g", description = "The driver's heap (default ${DEFAULT-VALUE})")
    String driverMemory;

    @Option(names = "--parquet", paramLabel = "DIR", description = "Train on a Parquet export instead of the database")
    String parquet;

    @Option(names = "--partitions", defaultValue = "8", description = "Parallel reads of the events (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--spark-reg-param", description = "Spark's regularisation (default: derived from BRISK_ALS_REGULARIZATION)")
    Double sparkRegParam;

    @Option(names = "--models", defaultValue = "als",
            description = "Models to train on Spark: als, item_knn or als,item_knn (default ${DEFAULT-VALUE})")
    String models;

    @Option(names = "--compare", description = "Store nothing: train Brisk's ALS (in the job's JVM) and Spark's on the"
            + " same interactions and print both training times")
    boolean compare;

    @Override
    public Integer call() {
        if (!"spark".equals(engine)) {
            System.err.println("--engine must be spark; Brisk's own trainer runs inside the service"
                    + " (POST /models/{type}/train)");
            return 2;
        }
        List<String> args = new ArrayList<>(List.of(compare ? "compare" : "train", "--partitions",
                Integer.toString(partitions)));
        if (parquet != null) {
            args.addAll(List.of("--parquet", parquet));
        }
        if (sparkRegParam != null) {
            args.addAll(List.of("--spark-reg-param", sparkRegParam.toString()));
        }
        if (!compare) {
            args.addAll(List.of("--models", models));
        }
        return launch(master, driverMemory, args);
    }

    /** Checks the settings here (the job reads the same ones), then runs the job. */
    static int launch(String master, String driverMemory, List<String> args) {
        try {
            BriskConfig.fromEnvironment(System.getenv());
            return new SparkJobLauncher(System.getenv()).run(master, driverMemory, args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (SparkJobLauncher.CannotLaunch e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
