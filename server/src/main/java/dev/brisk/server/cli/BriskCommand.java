package dev.brisk.server.cli;

import dev.brisk.server.app.Brisk;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code brisk} command line: one jar, one subcommand per job. */
// Inherited: every subcommand, including ones added later, answers --help and --version.
@Command(name = "brisk", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "Brisk " + Brisk.VERSION,
        description = "A real-time recommender service.",
        subcommands = {ServeCommand.class, GenerateCommand.class, ImportCommand.class, EvaluateCommand.class,
                SimulateCommand.class, KeysCommand.class, TrainCommand.class, ExportCommand.class})
public final class BriskCommand implements Runnable {

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].equals("serve")) {
            System.setProperty("brisk.log.target", "System.err"); // before the first logger exists
        }
        System.exit(new CommandLine(new BriskCommand()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
