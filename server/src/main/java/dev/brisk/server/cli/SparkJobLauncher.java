package dev.brisk.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a job of the Spark module ({@code brisk-spark.jar}, built apart so that the service's jar
 * carries no Spark): through {@code spark-submit} for a cluster master, or as a plain JVM with
 * Spark's jars on the class path for {@code local[N]}. The job reads the same {@code BRISK_*}
 * variables as the service, inherited from this process.
 */
final class SparkJobLauncher {
    static final String MAIN_CLASS = "dev.brisk.spark.SparkJob";
    static final String JAR_NAME = "brisk-spark.jar";
    /** What Spark needs opened on Java 17 (the list Spark's own launcher passes). */
    private static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
            "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch",
            "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    private final Map<String, String> env;

    SparkJobLauncher(Map<String, String> env) {
        this.env = env;
    }

    /** A job that cannot be started, with what to do about it. */
    static final class CannotLaunch extends Exception {
        CannotLaunch(String message) {
            super(message);
        }
    }

    /** Runs the job to its end, its output on this process's; returns its exit code. */
    int run(String master, String driverMemory, List<String> jobArgs) throws CannotLaunch {
        List<String> command = command(master, driverMemory, jobArgs);
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new CannotLaunch("Cannot start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    List<String> command(String master, String driverMemory, List<String> jobArgs) throws CannotLaunch {
        Path jar = jar();
        List<String> command = new ArrayList<>();
        if (master.startsWith("local")) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + driverMemory);
            OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
            command.add("-cp");
            command.add(jar + java.io.File.pathSeparator + sparkClassPath(jar));
            command.add(MAIN_CLASS);
        } else {
            command.add(sparkSubmit());
            command.addAll(List.of("--master", master, "--driver-memory", driverMemory, "--class", MAIN_CLASS,
                    jar.toString()));
        }
        command.addAll(jobArgs);
        command.addAll(List.of("--master", master));
        return command;
    }

    /** BRISK_SPARK_JAR, else brisk-spark.jar next to the service's jar, else the one a build of this checkout made. */
    Path jar() throws CannotLaunch {
        String configured = env.getOrDefault("BRISK_SPARK_JAR", "");
        if (!configured.isEmpty()) {
            Path jar = Path.of(configured);
            if (!Files.isRegularFile(jar)) {
                throw new CannotLaunch("BRISK_SPARK_JAR names no file: " + configured);
            }
            return jar;
        }
        Path here = serviceLocation();
        List<Path> candidates = List.of(here.resolve(JAR_NAME), here.resolve("../../spark/target/" + JAR_NAME));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        throw new CannotLaunch("No " + JAR_NAME + " found (looked at " + candidates.get(0).normalize() + " and "
                + candidates.get(1).normalize() + "); build it with `mvn -B -DskipTests -pl spark -am package`"
                + " or set BRISK_SPARK_JAR");
    }

    /** The folder of the service's jar (or of its classes, when run from a build). */
    private static Path serviceLocation() throws CannotLaunch {
        try {
            Path location = Path.of(SparkJobLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent(); // target/ for both a jar and a build's classes folder
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new CannotLaunch("Cannot tell where the service's jar is; set BRISK_SPARK_JAR");
        }
    }

    /** Spark's own jars for a local run: SPARK_HOME's, else the ones the build of the Spark module resolved. */
    private String sparkClassPath(Path jar) throws CannotLaunch {
        String home = env.getOrDefault("SPARK_HOME", "");
        if (!home.isEmpty()) {
            return Path.of(home, "jars", "*").toString();
        }
        Path listed = jar.resolveSibling("spark-classpath.txt");
        try {
            if (Files.isRegularFile(listed)) {
                return Files.readString(listed).trim();
            }
        } catch (IOException e) {
            throw new CannotLaunch("Cannot read " + listed + ": " + e.getMessage());
        }
        throw new CannotLaunch("A local Spark run needs Spark's jars: set SPARK_HOME (Spark 3.5, Scala 2.12) or use the"
                + " " + JAR_NAME + " of a build of the spark module (it lists them in spark-classpath.txt)");
    }

    private String sparkSubmit() throws CannotLaunch {
        String home = env.getOrDefault("SPARK_HOME", "");
        if (!home.isEmpty() && Files.isExecutable(Path.of(home, "bin", "spark-submit"))) {
            return Path.of(home, "bin", "spark-submit").toString();
        }
        for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "spark-submit"))) {
                return Path.of(dir, "spark-submit").toString();
            }
        }
        throw new CannotLaunch("A cluster master needs spark-submit: put it on PATH or set SPARK_HOME");
    }
}
