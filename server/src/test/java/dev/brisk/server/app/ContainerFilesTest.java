package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.brisk.server.cli.BriskCommand;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The container files (no container engine runs them here): every {@code BRISK_*} variable that
 * the Dockerfile, docker-compose.yml and deploy/brisk.env set is one the service reads, their values
 * pass its validation, and every command they give the jar is one of its subcommands.
 */
class ContainerFilesTest {
    private static final Pattern VARIABLE = Pattern.compile("\\bBRISK_[A-Z0-9_]+");
    private static final Pattern COMPOSE_SUBSTITUTION = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[-?])?([^}]*)}");
    private static final Path ROOT = checkoutRoot();

    @Test
    void everyVariableTheyNameIsOneTheServiceReads() throws IOException {
        Map<String, String> named = new HashMap<>();
        for (String file : List.of("Dockerfile", "docker-compose.yml", "deploy/brisk.env")) {
            Matcher m = VARIABLE.matcher(read(file));
            while (m.find()) {
                named.put(m.group(), "");
            }
        }
        assertThat(named).containsKeys("BRISK_KAFKA_BOOTSTRAP", "BRISK_DB_URL", "BRISK_JAVA_OPTS", "BRISK_INSTANCE_ID");
        assertThat(BriskConfig.unknownVariables(named)).isEmpty();
    }

    @Test
    void theSettingsOfEachInstancePassValidation() throws IOException {
        for (Map<String, String> env : composeInstances().values()) {
            Map<String, String> settings = new HashMap<>(imageEnvironment());
            settings.putAll(envFile("deploy/brisk.env"));
            settings.putAll(env);
            settings.keySet().removeIf(name -> !name.startsWith("BRISK_"));
            assertThatCode(() -> BriskConfig.fromEnvironment(settings)).as("%s", settings).doesNotThrowAnyException();
            assertThat(BriskConfig.fromEnvironment(settings).kafka().enabled()).isTrue();
        }
    }

    @Test
    void everyCommandTheyRunIsASubcommandOfTheJar() throws IOException {
        Set<String> subcommands = new CommandLine(new BriskCommand()).getSubcommands().keySet();
        List<String> commands = new ArrayList<>();
        for (String line : read("Dockerfile").split("\n")) {
            if (line.startsWith("CMD ")) {
                commands.add(Json.MAPPER.readTree(line.substring(4)).get(0).asText());
            }
        }
        for (List<String> service : composeServices().values()) {
            if (service.stream().anyMatch(l -> l.trim().equals("image: brisk:local"))) {
                String command = service.stream().filter(l -> l.trim().startsWith("command:")).findFirst()
                        .orElseThrow(() -> new AssertionError("a Brisk service without a command: " + service));
                commands.add(Json.MAPPER.readTree(command.trim().substring("command:".length())).get(0).asText());
            }
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(3);
        assertThat(subcommands).containsAll(commands);
    }

    /** The ENV of the image's run stage. */
    private static Map<String, String> imageEnvironment() throws IOException {
        String text = read("Dockerfile").replace("\\\n", " ");
        Map<String, String> env = new HashMap<>();
        Matcher m = Pattern.compile("(BRISK_[A-Z0-9_]+)=(\"[^\"]*\"|\\S+)").matcher(text);
        while (m.find()) {
            env.put(m.group(1), m.group(2).replace("\"", ""));
        }
        return env;
    }

    private static Map<String, String> envFile(String file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : read(file).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] pair = line.split("=", 2);
                env.put(pair[0].trim(), pair[1].trim());
            }
        }
        return env;
    }

    /** The environment block of each Brisk service, with ${X:-default} as its default and ${X:?...} as a valid value. */
    private static Map<String, Map<String, String>> composeInstances() throws IOException {
        Map<String, Map<String, String>> instances = new LinkedHashMap<>();
        composeServices().forEach((name, lines) -> {
            if (lines.stream().noneMatch(l -> l.trim().equals("image: brisk:local"))) {
                return;
            }
            Map<String, String> env = new HashMap<>();
            boolean inEnvironment = false;
            for (String line : lines) {
                if (line.startsWith("    ") && !line.startsWith("      ")) {
                    inEnvironment = line.trim().equals("environment:");
                } else if (inEnvironment && line.contains(":")) {
                    String[] pair = line.trim().split(":", 2);
                    env.put(pair[0].trim(), substitute(pair[1].trim()));
                }
            }
            instances.put(name, env);
        });
        assertThat(instances).hasSize(2);
        return instances;
    }

    private static String substitute(String value) {
        Matcher m = COMPOSE_SUBSTITUTION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = ":-".equals(m.group(2)) ? m.group(3) : "a-key-of-at-least-24-characters";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    /** The lines of each service of docker-compose.yml, by name. */
    private static Map<String, List<String>> composeServices() throws IOException {
        Map<String, List<String>> services = new LinkedHashMap<>();
        List<String> current = null;
        boolean inServices = false;
        for (String line : read("docker-compose.yml").split("\n")) {
            if (!line.startsWith(" ") && !line.isBlank() && !line.startsWith("#")) {
                inServices = line.equals("services:");
                current = null;
            } else if (inServices && line.matches("  [a-z0-9-]+:\\s*")) {
                current = new ArrayList<>();
                services.put(line.trim().replace(":", ""), current);
            } else if (current != null) {
                current.add(line);
            }
        }
        return services;
    }

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    private static Path checkoutRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("docker-compose.yml")) && Files.exists(d.resolve("Dockerfile"))) {
                return d;
            }
        }
        throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
    }
}
