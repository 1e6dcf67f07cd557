package dev.brisk.server.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code brisk import}, {@code brisk keys}): run alone it
 * is a usage error, so picocli prints the message and the usage on standard error and exits 2,
 * rather than a script taking "did nothing" for success.
 */
abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a subcommand: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
