package dev.brisk.core.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics against values computed by hand (and checked with an independent normal table). */
class StatisticsTest {

    @Test
    void normalDistribution() {
        assertThat(Distributions.normalCdf(0)).isCloseTo(0.5, within(1e-15));
        assertThat(Distributions.normalCdf(1.96)).isCloseTo(0.9750021048517795, within(1e-12));
        assertThat(Distributions.normalCdf(-3)).isCloseTo(0.0013498980316301, within(1e-13));
        assertThat(Distributions.twoSidedP(1.96)).isCloseTo(0.04999579029644, within(1e-12));
        assertThat(Distributions.twoSidedP(-1.96)).isCloseTo(0.04999579029644, within(1e-12));
        assertThat(Distributions.twoSidedP(6)).isCloseTo(1.973175290075e-9, within(1e-18));
        assertThat(Distributions.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(1e-12));
        assertThat(Distributions.normalQuantile(0.8)).isCloseTo(0.8416212335729144, within(1e-12));
        assertThat(Distributions.normalQuantile(0.001)).isCloseTo(-3.090232306167813, within(1e-10));
    }

    @Test
    void chiSquareSurvival() {
        // The 5% critical values of 1 and 2 degrees of freedom; for 2, Q = exp(-x/2) exactly.
        assertThat(Distributions.chiSquareSurvival(3.841458820694124, 1)).isCloseTo(0.05, within(1e-12));
        assertThat(Distributions.chiSquareSurvival(5.991464547107979, 2)).isCloseTo(0.05, within(1e-12));
        assertThat(Distributions.chiSquareSurvival(40, 2)).isCloseTo(Math.exp(-20), within(1e-20));
        assertThat(Distributions.chiSquareSurvival(11.344866730144373, 3)).isCloseTo(0.01, within(1e-12));
        assertThat(Distributions.chiSquareSurvival(0, 3)).isEqualTo(1.0);
    }

    @Test
    void clickThroughRateByTheDeltaMethodOverUsers() {
        // Three users: clicks 1, 0, 2 on 2, 1, 3 lists. R = 3/6; per-user variances 1, 1, covariance 1,
        // mean lists 2: Var = (1 − 2·0.5·1 + 0.25·1) / (3 · 4) = 0.25 / 12.
        UserSums s = UserSums.of(new double[] {1, 0, 2}, new double[] {2, 1, 3});
        assertThat(s).isEqualTo(new UserSums(3, 3, 6, 5, 14, 8));
        assertThat(s.ratio()).isEqualTo(0.5);
        assertThat(s.ratioVariance()).isCloseTo(0.25 / 12, within(1e-15));
        assertThat(s.estimate().ci95()[0]).isCloseTo(0.5 - 1.959963984540054 * Math.sqrt(0.25 / 12), within(1e-12));
        assertThat(UserSums.EMPTY.plus(1, 2).plus(0, 1).plus(2, 3)).isEqualTo(s);
    }

    @Test
    void conversionIsAProportionOverUsers() {
        // 2 buyers of 4 users: p = 0.5, sample variance 1/3, Var = 1/12.
        UserSums s = UserSums.of(new double[] {1, 0, 0, 1}, new double[] {1, 1, 1, 1});
        assertThat(s.ratio()).isEqualTo(0.5);
        assertThat(s.ratioVariance()).isCloseTo(1.0 / 12, within(1e-15));
        assertThat(UserSums.of(new double[] {1}, new double[] {1}).ratioVariance()).isNaN();
        assertThat(UserSums.EMPTY.ratio()).isNaN();
    }

    @Test
    void liftWithItsIntervalsAndPValues() {
        Lift lift = Lift.of(new Estimate(0.10, 0.0001), new Estimate(0.12, 0.0001), 0.025);
        assertThat(lift.absolute()).isCloseTo(0.02, within(1e-15));
        double se = Math.sqrt(0.0002);
        assertThat(lift.absoluteCi95()[0]).isCloseTo(0.02 - 1.959963984540054 * se, within(1e-12));
        assertThat(lift.absoluteCi95()[1]).isCloseTo(0.02 + 1.959963984540054 * se, within(1e-12));
        assertThat(lift.z()).isCloseTo(0.02 / se, within(1e-12));
        assertThat(lift.pValue()).isCloseTo(0.157299207050285, within(1e-12));
        assertThat(lift.relative()).isCloseTo(0.2, within(1e-12));
        // Var(t/c) ≈ Vt/c² + t²Vc/c⁴ = 0.01 + 0.0144.
        assertThat(lift.relativeCi95()[1] - 0.2).isCloseTo(1.959963984540054 * Math.sqrt(0.0244), within(1e-12));
        assertThat(lift.significant(0.05)).isFalse();
    }

    @Test
    void mixtureSprtPValue() {
        // Λ = √(V/(V+τ²)) · exp(τ²θ²/(2V(V+τ²))) with θ = 0.02, V = 0.0002, τ = 0.025: 1/Λ = 0.95214.
        assertThat(Sequential.pValue(0.02, 0.0002, 0.025)).isCloseTo(0.9521404270319301, within(1e-12));
        assertThat(Sequential.pValue(0, 0.0002, 0.025)).isEqualTo(1.0);
        // A large effect measured precisely: far below the fixed-horizon p-value's threshold too.
        assertThat(Sequential.pValue(0.05, 0.00005, 0.025)).isLessThan(0.001);
        // Always at least as cautious as the fixed-horizon test at the same look.
        assertThat(Sequential.pValue(0.02, 0.0001, 0.025)).isGreaterThan(Distributions.twoSidedP(0.02 / 0.01));
    }

    @Test
    void sampleRatioMismatch() {
        SampleRatio fine = SampleRatio.test(new long[] {520, 480}, new double[] {1, 1});
        assertThat(fine.chiSquare()).isCloseTo(1.6, within(1e-12));
        assertThat(fine.pValue()).isCloseTo(0.20590321073206833, within(1e-10));
        assertThat(fine.mismatch()).isFalse();
        SampleRatio broken = SampleRatio.test(new long[] {600, 400}, new double[] {50, 50});
        assertThat(broken.chiSquare()).isCloseTo(40, within(1e-12));
        assertThat(broken.pValue()).isCloseTo(2.53962858947086e-10, within(1e-16));
        assertThat(broken.mismatch()).isTrue();
        // Weights 1:3 with 250 and 750 users is exactly as expected.
        SampleRatio uneven = SampleRatio.test(new long[] {250, 750}, new double[] {1, 3});
        assertThat(uneven.chiSquare()).isZero();
        assertThat(uneven.expected()).containsExactly(250.0, 750.0);
    }

    @Test
    void sampleSizeAndMinimumDetectableEffect() {
        assertThat(Power.multiplier(0.05, 0.8)).isCloseTo(2.801585218112968, within(1e-12));
        // The textbook case: 10% vs 15%, per-user variances p(1−p): about 683 users per arm.
        assertThat(Power.usersPerArm(0.05, 0.09, 0.1275)).isCloseTo(682.8525368883704, within(1e-9));
        assertThat(Power.minimumDetectableEffect(new Estimate(0.1, 0.0001), new Estimate(0.1, 0.0001)))
                .isCloseTo(2.801585218112968 * Math.sqrt(0.0002), within(1e-12));
    }

    @Test
    void assignmentIsDeterministicBalancedAndIndependentBetweenExperiments() {
        assertThat(Assignment.position("exp-1", "u1")).isEqualTo(Assignment.position("exp-1", "u1"))
                .isBetween(0.0, 1.0);
        assertThat(Assignment.position("exp-1", "u1")).isNotEqualTo(Assignment.position("exp-2", "u1"));
        // "ab" + "c" must not hash as "a" + "bc".
        assertThat(Assignment.position("ab", "c")).isNotEqualTo(Assignment.position("a", "bc"));
        int users = 40_000;
        int[] split = new int[2];
        int[] quarter = new int[2];
        int same = 0;
        for (int u = 0; u < users; u++) {
            int a = Assignment.variant("exp-1", "user" + u, new double[] {1, 1});
            split[a]++;
            quarter[Assignment.variant("exp-1", "user" + u, new double[] {1, 3})]++;
            same += a == Assignment.variant("exp-2", "user" + u, new double[] {1, 1}) ? 1 : 0;
        }
        // Binomial standard deviations: 100 users for the half split; 4 of them is far outside chance.
        assertThat(split[0]).isBetween(users / 2 - 400, users / 2 + 400);
        assertThat(quarter[0]).isBetween(users / 4 - 350, users / 4 + 350);
        assertThat(same).isBetween(users / 2 - 400, users / 2 + 400);
    }

    @Test
    void analysisOfAClearWinner() {
        UserSums control = UserSums.EMPTY;
        UserSums treatment = UserSums.EMPTY;
        UserSums buyC = UserSums.EMPTY;
        UserSums buyT = UserSums.EMPTY;
        // 1,000 users per arm with 4 lists each; 10% vs 20% of lists clicked, spread evenly.
        for (int u = 0; u < 1000; u++) {
            control = control.plus(u % 5 == 0 ? 2 : 0, 4);
            treatment = treatment.plus(u % 5 < 2 ? 2 : 0, 4);
            buyC = buyC.plus(u % 10 == 0 ? 1 : 0, 1);
            buyT = buyT.plus(u % 10 == 0 ? 1 : 0, 1);
        }
        Analysis.Result r = Analysis.of(List.of(
                new Analysis.Arm("control", 1, 4000, 400, 100, control, buyC),
                new Analysis.Arm("treatment", 1, 4000, 800, 100, treatment, buyT)), "ctr");
        assertThat(r.variants().get(0).lift()).isNull();
        assertThat(r.variants().get(1).lift().relative()).isCloseTo(1.0, within(1e-12));
        assertThat(r.variants().get(1).significant()).isTrue();
        assertThat(r.variants().get(1).sequentialSignificant()).isTrue();
        assertThat(r.srm().mismatch()).isFalse();
        assertThat(r.verdict().code()).isEqualTo("treatment_better");
        assertThat(r.verdict().text()).startsWith("treatment better, significant");
        assertThat(r.mde().usersPerArm()).isEqualTo(1000);
    }

    @Test
    void analysisSaysHowManyMoreUsersAreNeededAndWarnsOfAMismatchedSplit() {
        UserSums control = UserSums.EMPTY;
        UserSums treatment = UserSums.EMPTY;
        for (int u = 0; u < 100; u++) {
            control = control.plus(u % 10 == 0 ? 1 : 0, 1);
            treatment = treatment.plus(u % 9 == 0 ? 1 : 0, 1);
        }
        Analysis.Result small = Analysis.of(List.of(
                new Analysis.Arm("A", 1, 100, 10, 0, control, control),
                new Analysis.Arm("B", 1, 100, 12, 0, treatment, treatment)), "conversion");
        assertThat(small.verdict().code()).isEqualTo("not_enough_data");
        assertThat(small.verdict().text()).contains("not enough data yet: about").contains("more users per arm needed");

        Analysis.Result tiny = Analysis.of(List.of(
                new Analysis.Arm("A", 1, 3, 1, 0, UserSums.EMPTY.plus(1, 3), UserSums.EMPTY.plus(0, 1)),
                new Analysis.Arm("B", 1, 0, 0, 0, UserSums.EMPTY, UserSums.EMPTY)), "ctr");
        assertThat(tiny.verdict().text()).startsWith("Not enough data yet");
        assertThat(tiny.variants().get(1).ctr().value()).isNaN();

        UserSums few = UserSums.EMPTY;
        for (int u = 0; u < 40; u++) {
            few = few.plus(u % 10 == 0 ? 1 : 0, 1);
        }
        Analysis.Result skewed = Analysis.of(List.of(
                new Analysis.Arm("A", 1, 100, 10, 0, control, control),
                new Analysis.Arm("B", 1, 40, 4, 0, few, few)), "ctr");
        assertThat(skewed.srm().mismatch()).isTrue();
        assertThat(skewed.verdict().code()).isEqualTo("sample_ratio_mismatch");
        assertThat(skewed.verdict().text()).startsWith("Sample ratio mismatch");
    }
}
