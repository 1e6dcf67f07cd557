package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code brisk train --engine spark} finds the Spark job's jar and starts it, without starting it. */
class SparkJobLauncherTest {
    @TempDir
    Path dir;

    @Test
    void aLocalMasterRunsTheJobInAJvmWithSparksJarsFromSparkHome() throws Exception {
        Path jar = Files.createFile(dir.resolve("brisk-spark.jar"));
        SparkJobLauncher launcher = new SparkJobLauncher(Map.of("BRISK_SPARK_JAR", jar.toString(),
                "SPARK_HOME", "/opt/spark"));
        List<String> command = launcher.command("local[2]", "3g", List.of("train", "--partitions", "4"));
        assertThat(command.get(0)).endsWith("java");
        assertThat(command).contains("-Xmx3g", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                SparkJobLauncher.MAIN_CLASS);
        assertThat(command.get(command.indexOf("-cp") + 1)).startsWith(jar.toString())
                .endsWith(Path.of("/opt/spark", "jars", "*").toString());
        assertThat(command.subList(command.indexOf(SparkJobLauncher.MAIN_CLASS) + 1, command.size()))
                .containsExactly("train", "--partitions", "4", "--master", "local[2]");
    }

    @Test
    void withoutSparkHomeALocalRunUsesTheJarsTheBuildListedNextToTheJob() throws Exception {
        Path jar = Files.createFile(dir.resolve("brisk-spark.jar"));
        Files.writeString(dir.resolve("spark-classpath.txt"), "/repo/spark-core.jar:/repo/spark-mllib.jar\n");
        List<String> command = new SparkJobLauncher(Map.of("BRISK_SPARK_JAR", jar.toString()))
                .command("local[*]", "2g", List.of("train"));
        assertThat(command.get(command.indexOf("-cp") + 1))
                .isEqualTo(jar + java.io.File.pathSeparator + "/repo/spark-core.jar:/repo/spark-mllib.jar");
    }

    @Test
    void aClusterMasterGoesThroughSparkSubmit() throws Exception {
        Path jar = Files.createFile(dir.resolve("brisk-spark.jar"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path submit = Files.createFile(bin.resolve("spark-submit"));
        assertThat(submit.toFile().setExecutable(true)).isTrue();
        List<String> command = new SparkJobLauncher(Map.of("BRISK_SPARK_JAR", jar.toString(), "PATH", bin.toString()))
                .command("spark://10.0.0.5:7077", "4g", List.of("train"));
        assertThat(command).containsExactly(submit.toString(), "--master", "spark://10.0.0.5:7077", "--driver-memory",
                "4g", "--class", SparkJobLauncher.MAIN_CLASS, jar.toString(), "train", "--master",
                "spark://10.0.0.5:7077");
    }

    @Test
    void whatIsMissingIsSaidWithWhatToDo() throws Exception {
        assertThatThrownBy(() -> new SparkJobLauncher(Map.of("BRISK_SPARK_JAR", dir.resolve("none.jar").toString()))
                .jar()).hasMessageContaining("BRISK_SPARK_JAR names no file");
        Path jar = Files.createFile(dir.resolve("brisk-spark.jar"));
        assertThatThrownBy(() -> new SparkJobLauncher(Map.of("BRISK_SPARK_JAR", jar.toString(), "PATH", ""))
                .command("yarn", "2g", List.of("train"))).hasMessageContaining("spark-submit");
        assertThatThrownBy(() -> new SparkJobLauncher(Map.of("BRISK_SPARK_JAR", jar.toString()))
                .command("local[2]", "2g", List.of("train"))).hasMessageContaining("SPARK_HOME");
    }
}
