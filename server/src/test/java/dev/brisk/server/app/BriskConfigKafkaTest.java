package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** BRISK_KAFKA_*: off by default, its defaults when on, its validation, and a copy keeps it. */
class BriskConfigKafkaTest {

    @Test
    void offUntilBrokersAreNamed() {
        BriskConfig.Kafka off = BriskConfig.defaults().kafka();
        assertThat(off.enabled()).isFalse();
        assertThat(off.topic()).isEqualTo("brisk.events");
        assertThat(off.group()).isEqualTo("brisk");

        BriskConfig on = BriskConfig.fromEnvironment(Map.of("BRISK_KAFKA_BOOTSTRAP", "kafka-1:9092,10.0.0.7:9093"));
        assertThat(on.kafka().enabled()).isTrue();
        assertThat(on.kafka().partitions()).isEqualTo(12);
        assertThat(on.kafka().timeoutMillis()).isEqualTo(10_000);
        assertThat(on.withPort(9000).kafka()).isEqualTo(on.kafka());
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_KAFKA_BOOTSTRAP", "kafka")))
                .hasMessageContaining("BRISK_KAFKA_BOOTSTRAP must list brokers like kafka1:9092");
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_KAFKA_TOPIC", "events/all")))
                .hasMessageContaining("BRISK_KAFKA_TOPIC may hold letters, digits and . _ -");
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_KAFKA_TIMEOUT_MS", "10")))
                .hasMessageContaining("BRISK_KAFKA_TIMEOUT_MS must be from 1000 to 600000");
        assertThat(BriskConfig.unknownVariables(Map.of("BRISK_KAFKA_BOOTSTRAP", "", "BRISK_KAFKA_TOPICS", "")))
                .containsExactly("Unknown variable BRISK_KAFKA_TOPICS is ignored; did you mean BRISK_KAFKA_TOPIC?");
    }
}
