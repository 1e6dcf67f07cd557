package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration is checked whole before anything opens, and a mistyped variable is pointed out. */
class BriskConfigTest {

    @Test
    void everyBadValueIsReportedAtOnceIncludingAnUnknownDefaultModel() {
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_DEFAULT_MODEL", "bpr", "BRISK_PORT", "abc",
                "BRISK_ALS_FACTORS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BRISK_DEFAULT_MODEL must be one of popular, item_knn, als, content, hybrid, got bpr")
                .hasMessageContaining("BRISK_PORT must be a whole number")
                .hasMessageContaining("BRISK_ALS_FACTORS");
    }

    @Test
    void unknownVariablesAreNamedWithTheClosestKnownOne() {
        assertThat(BriskConfig.unknownVariables(Map.of("BRISK_PROT", "8000", "BRISK_PORT", "8001",
                "BRISK_LOG_LEVEL", "DEBUG", "BRISK_HEAP", "2g", "PATH", "/bin", "BRISK_SOMETHING_ELSE_ENTIRELY", "1")))
                .containsExactly("Unknown variable BRISK_PROT is ignored; did you mean BRISK_PORT?",
                        "Unknown variable BRISK_SOMETHING_ELSE_ENTIRELY is ignored");
        assertThat(BriskConfig.unknownVariables(BriskConfig.defaults().toEnvironment()))
                .as("every variable the configuration writes is one it reads").isEmpty();
    }

    @Test
    void demoDataOnlyOnTheEmbeddedDatabaseUnlessAskedFor() {
        String postgres = "jdbc:postgresql://127.0.0.1:5432/shop";
        assertThat(BriskConfig.defaults().demoData()).as("the default SQLite file").isTrue();
        assertThat(BriskConfig.fromEnvironment(Map.of("BRISK_DB_URL", "jdbc:sqlite:/tmp/other.db")).demoData()).isTrue();
        assertThat(BriskConfig.fromEnvironment(Map.of("BRISK_DB_URL", postgres)).demoData())
                .as("never by surprise on PostgreSQL").isFalse();
        assertThat(BriskConfig.fromEnvironment(Map.of("BRISK_DB_URL", postgres, "BRISK_DEMO_DATA", "true")).demoData())
                .as("asked for explicitly").isTrue();
        assertThat(BriskConfig.fromEnvironment(Map.of("BRISK_DEMO_DATA", "false")).demoData()).isFalse();
    }
}
