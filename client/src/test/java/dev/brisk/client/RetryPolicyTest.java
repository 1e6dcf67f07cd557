package dev.brisk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(1000));

    @RepeatedTest(20)
    void theBackoffDoublesWithJitterUpToTheMaximum() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            long full = Math.min(100L << (attempt - 1), 1000);
            assertThat(policy.delayAfter(attempt, null).toMillis()).as("after attempt %d", attempt)
                    .isBetween(full / 2, full);
        }
    }

    @RepeatedTest(20)
    void neverSoonerThanTheServiceAsked() {
        assertThat(policy.delayAfter(1, Duration.ofMillis(700)).toMillis()).isGreaterThanOrEqualTo(700);
        assertThat(policy.tooLong(Duration.ofMillis(700))).isFalse();
        assertThat(policy.tooLong(Duration.ofSeconds(5))).isTrue();
        assertThat(policy.tooLong(null)).isFalse();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
