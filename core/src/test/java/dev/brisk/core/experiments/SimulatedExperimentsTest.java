package dev.brisk.core.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tests behave as they claim over many simulated experiments with a fixed seed. Each simulated
 * user is served 1–7 lists and has a click probability of their own (uniform between 0 and twice
 * the arm's true rate), so lists of one user are correlated as real ones are — the reason the
 * intervals are computed over users, not lists.
 */
class SimulatedExperimentsTest {
    private static final int RUNS = 1_000;
    private static final int USERS_PER_ARM = 400;

    /** One arm's user-level sums for a true click-through rate. */
    private static UserSums arm(Random random, double rate, int users) {
        UserSums sums = UserSums.EMPTY;
        for (int u = 0; u < users; u++) {
            sums = user(random, rate, sums);
        }
        return sums;
    }

    private static UserSums user(Random random, double rate, UserSums sums) {
        double own = rate * 2 * random.nextDouble();
        int lists = 1 + random.nextInt(7);
        int clicks = 0;
        for (int l = 0; l < lists; l++) {
            clicks += random.nextDouble() < own ? 1 : 0;
        }
        return sums.plus(clicks, lists);
    }

    private static UserSums clusteredArm(Random random) {
        UserSums sums = UserSums.EMPTY;
        for (int u = 0; u < USERS_PER_ARM; u++) {
            double own = random.nextBoolean() ? 0.2 : 0.0;
            int lists = 1 + random.nextInt(20);
            int clicks = 0;
            for (int l = 0; l < lists; l++) {
                clicks += random.nextDouble() < own ? 1 : 0;
            }
            sums = sums.plus(clicks, lists);
        }
        return sums;
    }

    private static Lift compare(UserSums control, UserSums treatment) {
        return Lift.of(control.estimate(), treatment.estimate(), Analysis.TAU_SHARE * control.ratio());
    }

    @Test
    void anAaTestRejectsAtTheFivePercentLevelInThreeToSevenPercentOfRuns() {
        Random random = new Random(20240610);
        int rejected = 0;
        int coveredByInterval = 0;
        for (int run = 0; run < RUNS; run++) {
            UserSums a = arm(random, 0.10, USERS_PER_ARM);
            UserSums b = arm(random, 0.10, USERS_PER_ARM);
            Lift lift = compare(a, b);
            rejected += lift.pValue() < 0.05 ? 1 : 0;
            double[] ci = a.estimate().ci95();
            coveredByInterval += ci[0] <= 0.10 && 0.10 <= ci[1] ? 1 : 0;
        }
        assertThat(rejected).as("A/A rejections of %d", RUNS).isBetween(30, 70);
        assertThat(coveredByInterval).as("95%% intervals that hold the true rate").isBetween(930, 970);
    }

    @Test
    void aTenVersusFifteenPercentTestWithFourHundredUsersPerArmIsSignificantInAtLeastEightyPercentOfRuns() {
        Random random = new Random(7);
        int significant = 0;
        for (int run = 0; run < RUNS; run++) {
            Lift lift = compare(arm(random, 0.10, USERS_PER_ARM), arm(random, 0.15, USERS_PER_ARM));
            significant += lift.pValue() < 0.05 && lift.absolute() > 0 ? 1 : 0;
        }
        assertThat(significant).as("significant A/B runs of %d", RUNS).isGreaterThanOrEqualTo(800);
    }

    @Test
    void listLevelIntervalsWouldRejectTooOftenWhereUserLevelOnesDoNot() {
        // What the user level buys: A/A runs judged as if every list were independent, with users that
        // differ more (half of them never click, the others at twice the rate) and see 1-20 lists each.
        Random random = new Random(99);
        int naive = 0;
        int userLevel = 0;
        for (int run = 0; run < 400; run++) {
            UserSums a = clusteredArm(random);
            UserSums b = clusteredArm(random);
            double pa = a.ratio();
            double pb = b.ratio();
            double se = Math.sqrt(pa * (1 - pa) / a.sumY() + pb * (1 - pb) / b.sumY());
            naive += Distributions.twoSidedP((pb - pa) / se) < 0.05 ? 1 : 0;
            userLevel += compare(a, b).pValue() < 0.05 ? 1 : 0;
        }
        assertThat(naive).as("list-level rejections of 400").isGreaterThan(40);
        assertThat(userLevel).as("user-level rejections of 400").isLessThan(32);
    }

    @Test
    void peekingAfterEveryFortyUsersInflatesTheFixedTestButNotTheSequentialOne() {
        Random random = new Random(31);
        int runs = 500;
        int everFixed = 0;
        int everSequential = 0;
        for (int run = 0; run < runs; run++) {
            UserSums a = UserSums.EMPTY;
            UserSums b = UserSums.EMPTY;
            boolean fixed = false;
            boolean sequential = false;
            for (int look = 1; look <= 25; look++) {
                for (int u = 0; u < 40; u++) {
                    a = user(random, 0.10, a);
                    b = user(random, 0.10, b);
                }
                Lift lift = compare(a, b);
                fixed |= lift.pValue() < 0.05;
                sequential |= lift.sequentialPValue() < 0.05;
            }
            everFixed += fixed ? 1 : 0;
            everSequential += sequential ? 1 : 0;
        }
        assertThat(everFixed).as("A/A runs ever 'significant' when peeking at the fixed test").isGreaterThan(75);
        assertThat(everSequential).as("A/A runs ever significant by the always-valid p-value").isLessThanOrEqualTo(25);
    }

    @Test
    void theSequentialTestStillFindsARealDifference() {
        Random random = new Random(5);
        int found = 0;
        for (int run = 0; run < 200; run++) {
            found += compare(arm(random, 0.10, 2000), arm(random, 0.15, 2000)).sequentialPValue() < 0.05 ? 1 : 0;
        }
        assertThat(found).as("runs of 200 with 2,000 users per arm").isGreaterThan(160);
    }

    @Test
    void theAnalysisOfSimulatedArmsAgreesWithTheLift() {
        Random random = new Random(3);
        UserSums a = arm(random, 0.10, USERS_PER_ARM);
        UserSums b = arm(random, 0.15, USERS_PER_ARM);
        Analysis.Result r = Analysis.of(List.of(
                new Analysis.Arm("control", 1, (long) a.sumY(), (long) a.sumX(), 0, a, a),
                new Analysis.Arm("treatment", 1, (long) b.sumY(), (long) b.sumX(), 0, b, b)), "ctr");
        assertThat(r.variants().get(1).lift().pValue()).isEqualTo(compare(a, b).pValue());
    }
}
