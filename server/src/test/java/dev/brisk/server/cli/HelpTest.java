package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} on every command and subcommand; a command group run alone is a usage error. */
class HelpTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine brisk = new CommandLine(new BriskCommand());
        brisk.setOut(new PrintWriter(out, true));
        brisk.setErr(new PrintWriter(err, true));
        int code = brisk.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command path under {@code brisk}, e.g. [serve], [import, events], [keys, create]. */
    private static List<List<String>> commandPaths(CommandLine command, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().aliases().length > 0 && !sub.getCommandName().equals(name)) {
                return; // an alias of a command already listed
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path);
            paths.addAll(commandPaths(sub, path));
        });
        return paths;
    }

    @Test
    void everySubcommandPrintsItsUsageForHelp() {
        List<List<String>> paths = commandPaths(new CommandLine(new BriskCommand()), List.of());
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("serve", "generate", "simulate", "import", "import events", "evaluate", "keys", "keys create");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run run = run(args.toArray(String[]::new));
            String command = "brisk " + String.join(" ", path);
            assertThat(run.code()).as(command + " --help: " + run.err()).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: " + command).contains("--help").doesNotContain("\u001b[");
            assertThat(run.err()).as(command).isEmpty();
        }
    }

    @Test
    void aCommandGroupAloneIsAUsageErrorThatShowsItsSubcommands() {
        Run imports = run("import");
        assertThat(imports.code()).isEqualTo(2);
        assertThat(imports.err()).contains("Missing a subcommand: one of events, items, movielens")
                .contains("Usage: brisk import");
        assertThat(imports.out()).isEmpty();

        Run keys = run("keys");
        assertThat(keys.code()).isEqualTo(2);
        assertThat(keys.err()).contains("Missing a subcommand").contains("Usage: brisk keys").contains("create");
    }
}
