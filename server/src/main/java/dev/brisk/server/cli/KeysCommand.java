package dev.brisk.server.cli;

import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.app.ConfigException;
import dev.brisk.server.security.ApiKeys;
import dev.brisk.server.security.Role;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.KeyStore;
import dev.brisk.server.store.Json;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brisk keys create --role R --name N | list | revoke ID}: API keys in the configured
 * database ({@code BRISK_DB_URL}), for the first key of a deployment and for scripts. A running
 * service sees a change within a second.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys in the configured database.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand extends CommandGroup {

    /** Opens the configured database, runs the work on its keys and closes it; 2 for bad settings. */
    static int withKeys(Map<String, String> environment, Function<ApiKeys, Integer> work) {
        BriskConfig config;
        try {
            config = BriskConfig.fromEnvironment(environment);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try (Database db = Database.open(config.database())) {
            return work.apply(new ApiKeys(new KeyStore(db), ""));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key and print it (shown only this once).")
    static final class Create implements Callable<Integer> {
        @Option(names = "--role", required = true, description = "read, write or admin")
        String role;
        @Option(names = "--name", required = true, description = "Who or what uses the key, e.g. web-shop")
        String name;
        Map<String, String> environment = System.getenv();
        PrintStream out = System.out;

        @Override
        public Integer call() {
            Role r = ApiKeys.role(role).orElse(null);
            if (r == null || name.isBlank() || name.length() > 100) {
                System.err.println("brisk keys create: --role must be read, write or admin and --name 1-100 characters");
                return 2;
            }
            return withKeys(environment, keys -> {
                ApiKeys.Created created = keys.create(r, name.trim());
                out.println(created.key());
                System.err.println("Created key " + created.id() + " (" + role.toLowerCase(java.util.Locale.ROOT)
                        + ", " + created.name() + "). Keep the key above: only its hash is stored.");
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        Map<String, String> environment = System.getenv();
        PrintStream out = System.out;

        @Override
        public Integer call() {
            return withKeys(environment, keys -> {
                List<Map<String, Object>> all = keys.list();
                if (json) {
                    out.println(Json.write(Map.of("keys", all)));
                    return 0;
                }
                out.printf("%-18s %-6s %-14s %-24s %s%n", "ID", "ROLE", "PREFIX", "CREATED", "NAME");
                for (Map<String, Object> k : all) {
                    out.printf("%-18s %-6s %-14s %-24s %s%s%n", k.get("id"), k.get("role"), k.get("prefix"),
                            k.get("created_at"), k.get("name"), k.get("revoked_at") == null ? "" : " (revoked)");
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key at once.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The key's id, as `brisk keys list` shows it")
        String id;
        Map<String, String> environment = System.getenv();
        PrintStream out = System.out;

        @Override
        public Integer call() {
            return withKeys(environment, keys -> {
                if (!keys.revoke(id)) {
                    System.err.println("brisk keys revoke: no active key " + id);
                    return 1;
                }
                out.println("Revoked " + id);
                return 0;
            });
        }
    }
}
