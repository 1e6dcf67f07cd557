package dev.brisk.spark;

import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.store.Database;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes the interactions (every event's row id, user, item, type, rating and time) as Parquet, for {@code train --parquet}. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export the interactions as Parquet.")
final class ExportJob implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "interactions", description = "What to export: interactions")
    String what;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet (the only format)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A folder that does not exist yet")
    String out;

    @Mixin
    JobOptions options;

    @Override
    public Integer call() {
        if (!"interactions".equals(what) || !"parquet".equals(format)) {
            System.err.println("Only 'export interactions --format parquet' is supported");
            return 2;
        }
        BriskConfig config = BriskConfig.fromEnvironment(System.getenv());
        long started = System.currentTimeMillis();
        try (Database db = Database.open(config.database());
             SparkSession spark = Sessions.open("brisk export", options.master)) {
            JobOptions.Events events = options.read(spark, config, db);
            events.rows().write().parquet(out);
            System.out.printf("Exported %d interactions (row ids up to %d) to %s in %.1f s%n", events.rows().count(),
                    events.throughId(), out, (System.currentTimeMillis() - started) / 1000.0);
            return 0;
        }
    }
}
