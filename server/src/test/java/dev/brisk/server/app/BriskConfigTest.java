package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.event.EventType;
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

    @Test
    void declaredEventTypesAreAcceptedWithTheirWeightsAndSurviveACopy() {
        BriskConfig config = BriskConfig.fromEnvironment(Map.of("BRISK_EVENT_TYPES", "star, share",
                "BRISK_EVENT_WEIGHTS", "star:3,view=0.5,share: 2.5"));
        EventType star = config.eventTypes().fromWire("star").orElseThrow();
        assertThat(config.eventTypes().declaredNames()).isEqualTo("star,share");
        assertThat(config.weights().weight(star, Double.NaN)).isEqualTo(3.0);
        assertThat(config.weights().weight(config.eventTypes().fromWire("share").orElseThrow(), Double.NaN)).isEqualTo(2.5);
        assertThat(config.weights().weight(EventType.VIEW, Double.NaN)).isEqualTo(0.5);
        assertThat(config.weights().weight(EventType.PURCHASE, Double.NaN)).isEqualTo(5.0);

        BriskConfig copy = config.withPort(0);
        assertThat(copy.eventTypes().declaredNames()).isEqualTo("star,share");
        assertThat(copy.weights().asMap()).isEqualTo(config.weights().asMap());
        assertThat(BriskConfig.defaults().eventTypes().declared()).isEmpty();
    }

    @Test
    void badTypeNamesAndWeightsAreReportedWithTheOtherProblems() {
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_EVENT_TYPES", "Star,purchase,ok,ok",
                "BRISK_EVENT_WEIGHTS", "share:2,view=NaN,click=lots,like=Infinity", "BRISK_PORT", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BRISK_EVENT_TYPES must list new type names")
                .hasMessageContaining("'Star' is not a type name")
                .hasMessageContaining("'purchase' is built in")
                .hasMessageContaining("'ok' is declared twice")
                .hasMessageContaining("BRISK_EVENT_WEIGHTS must be a list like")
                .hasMessageContaining("'share:2' is not")
                .hasMessageContaining("'view=NaN' is not")
                .hasMessageContaining("'click=lots' is not")
                .hasMessageContaining("'like=Infinity' is not")
                .hasMessageContaining("BRISK_PORT must be a whole number");
    }

    @Test
    void aWeightForATypeThatIsNotDeclaredIsAProblemNamingTheAcceptedTypes() {
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_EVENT_WEIGHTS", "star:3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'star:3' is not")
                .hasMessageContaining("view, click, rating, purchase, add_to_cart, like, dislike, impression");
    }
}
