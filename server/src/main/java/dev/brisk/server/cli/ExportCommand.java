package dev.brisk.server.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code brisk export interactions --format parquet --out DIR}: the events as Parquet, written by a Spark job. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the interactions as Parquet (a Spark job; for brisk train --engine spark --parquet DIR).")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "What to export: interactions")
    String what;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet (the only format)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A folder that does not exist yet")
    String out;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--driver-memory", defaultValue = "2g", description = "The driver's heap (default ${DEFAULT-VALUE})")
    String driverMemory;

    @Override
    public Integer call() {
        if (!"interactions".equals(what) || !"parquet".equals(format)) {
            System.err.println("Only 'export interactions --format parquet' is supported");
            return 2;
        }
        return TrainCommand.launch(master, driverMemory, List.of("export", "interactions", "--format", format,
                "--out", out));
    }
}
