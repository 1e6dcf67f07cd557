package dev.brisk.core.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analysis of an experiment from its per-variant user-level sums: each variant's click-through
 * rate and conversion with 95% intervals, each treatment's lift over the control (the first
 * variant) on the primary metric with its p-values, the sample-ratio check, the minimum detectable
 * effect, and a verdict in plain language. A pure function of its input.
 */
public final class Analysis {
    /** The fixed-horizon and sequential significance level. */
    public static final double ALPHA = 0.05;
    /** Fewer exposed users than this in any variant, and no comparison is made yet. */
    public static final int MIN_USERS = 10;
    /** The mSPRT's mixing spread τ as a share of the control's rate: tuned for relative lifts of tens of percent. */
    public static final double TAU_SHARE = 0.25;

    private Analysis() {
    }

    /** The figures of one variant as counted from its served lists. */
    public record Arm(String name, double weight, long lists, long clicks, long purchases, UserSums ctr,
                      UserSums conversion) {
        public long users() {
            return ctr.users();
        }
    }

    /** One variant's results; {@code lift} is null for the control. */
    public record VariantResult(Arm arm, Estimate ctr, Estimate conversion, Lift lift, boolean significant,
                                boolean sequentialSignificant) {
    }

    /** The minimum detectable effect of the primary metric at the current sample sizes (80% power, α = 0.05). */
    public record Mde(double absolute, double relative, long usersPerArm) {
    }

    /** A verdict: a stable code and its sentence. */
    public record Verdict(String code, String text) {
    }

    public record Result(String primaryMetric, List<VariantResult> variants, SampleRatio srm, Mde mde,
                         Verdict verdict) {
    }

    /** Analyses the arms (the first is the control) on the primary metric, "ctr" or "conversion". */
    public static Result of(List<Arm> arms, String primaryMetric) {
        return of(arms, primaryMetric, java.util.Map.of());
    }

    /**
     * As {@link #of(List, String)}, with the smallest always-valid p-value of each treatment seen at
     * earlier looks: the sequential p-value is the running minimum over looks (Johari et al.).
     */
    public static Result of(List<Arm> arms, String primaryMetric, java.util.Map<String, Double> earlierSequential) {
        if (arms.size() < 2) {
            throw new IllegalArgumentException("an experiment has at least two variants");
        }
        boolean ctr = "ctr".equals(primaryMetric);
        Arm controlArm = arms.get(0);
        Estimate control = primary(controlArm, ctr);
        double tau = TAU_SHARE * Math.abs(control.value());
        if (!(tau > 0)) {
            tau = TAU_SHARE * Math.abs(pooled(arms, ctr));
        }
        List<VariantResult> results = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            Arm arm = arms.get(i);
            Estimate c = arm.ctr().estimate();
            Estimate v = arm.conversion().estimate();
            Lift lift = null;
            boolean significant = false;
            boolean sequential = false;
            if (i > 0) {
                lift = Lift.of(control, ctr ? c : v, tau)
                        .withBestSequential(earlierSequential.getOrDefault(arm.name(), Double.NaN));
                significant = enough(controlArm, arm) && lift.pValue() < ALPHA;
                sequential = enough(controlArm, arm) && lift.sequentialPValue() < ALPHA;
            }
            results.add(new VariantResult(arm, c, v, lift, significant, sequential));
        }
        long[] observed = arms.stream().mapToLong(Arm::users).toArray();
        double[] weights = arms.stream().mapToDouble(Arm::weight).toArray();
        SampleRatio srm = SampleRatio.test(observed, weights);
        Mde mde = mde(arms, results, ctr);
        return new Result(primaryMetric, results, srm, mde, verdict(results, srm, mde, ctr));
    }

    private static Estimate primary(Arm arm, boolean ctr) {
        return ctr ? arm.ctr().estimate() : arm.conversion().estimate();
    }

    private static double pooled(List<Arm> arms, boolean ctr) {
        double x = 0;
        double y = 0;
        for (Arm a : arms) {
            UserSums s = ctr ? a.ctr() : a.conversion();
            x += s.sumX();
            y += s.sumY();
        }
        return y == 0 ? Double.NaN : x / y;
    }

    private static boolean enough(Arm control, Arm treatment) {
        return control.users() >= MIN_USERS && treatment.users() >= MIN_USERS;
    }

    /** Against the first treatment (the usual two-arm case), with both arms' current variances. */
    private static Mde mde(List<Arm> arms, List<VariantResult> results, boolean ctr) {
        Estimate control = primary(arms.get(0), ctr);
        Estimate treatment = primary(arms.get(1), ctr);
        if (!control.known() || !treatment.known()) {
            return new Mde(Double.NaN, Double.NaN, Math.min(arms.get(0).users(), arms.get(1).users()));
        }
        double absolute = Power.minimumDetectableEffect(control, treatment);
        double relative = control.value() != 0 ? absolute / Math.abs(control.value()) : Double.NaN;
        return new Mde(absolute, relative, Math.min(arms.get(0).users(), arms.get(1).users()));
    }

    private static Verdict verdict(List<VariantResult> results, SampleRatio srm, Mde mde, boolean ctr) {
        String metric = ctr ? "click-through rate" : "conversion";
        VariantResult control = results.get(0);
        long fewest = results.stream().mapToLong(r -> r.arm().users()).min().orElse(0);
        if (fewest < MIN_USERS) {
            return new Verdict("not_enough_data", String.format(Locale.ROOT,
                    "Not enough data yet: every variant needs at least %d exposed users before they are compared "
                            + "(the smallest has %d).", MIN_USERS, fewest));
        }
        String srmWarning = srm.mismatch() ? String.format(Locale.ROOT,
                "Sample ratio mismatch (p = %s): the users are not split as the weights say, so these results cannot be "
                        + "trusted until the cause is found. ", p(srm.pValue())) : "";
        List<String> sentences = new ArrayList<>();
        String code = "not_enough_data";
        for (VariantResult r : results.subList(1, results.size())) {
            Lift lift = r.lift();
            Estimate mine = ctr ? r.ctr() : r.conversion();
            Estimate theirs = ctr ? control.ctr() : control.conversion();
            if (!mine.known() || !theirs.known() || Double.isNaN(lift.pValue())) {
                sentences.add(String.format(Locale.ROOT, "%s: not enough data yet to estimate its %s.",
                        r.arm().name(), metric));
                continue;
            }
            if (r.significant()) {
                boolean better = lift.absolute() > 0;
                code = better ? "treatment_better" : (code.equals("treatment_better") ? code : "treatment_worse");
                sentences.add(String.format(Locale.ROOT, "%s %s, significant: %s %s vs %s (%s relative, p = %s)%s.",
                        r.arm().name(), better ? "better" : "worse", metric, rate(mine.value()), rate(theirs.value()),
                        signedPercent(lift.relative()), p(lift.pValue()),
                        r.sequentialSignificant() ? "; also by the always-valid sequential test"
                                : "; the always-valid sequential test is not there yet (p = "
                                + p(lift.sequentialPValue()) + "), so if you have been watching, keep it running"));
                continue;
            }
            double perUserC = theirs.variance() * control.arm().users();
            double perUserT = mine.variance() * r.arm().users();
            double needed = Power.usersPerArm(lift.absolute(), perUserC, perUserT);
            long have = Math.min(control.arm().users(), r.arm().users());
            if (Double.isFinite(needed) && needed < 1e8 && needed > have) {
                long more = (long) Math.ceil(needed - have);
                sentences.add(String.format(Locale.ROOT, "%s: not enough data yet: about %,d more users per arm needed "
                                + "to tell whether the observed %s relative difference in %s is real (p = %s).",
                        r.arm().name(), more, signedPercent(lift.relative()), metric, p(lift.pValue())));
            } else {
                if (!code.startsWith("treatment")) {
                    code = "no_difference";
                }
                sentences.add(String.format(Locale.ROOT, "%s: no significant difference in %s (%s relative, p = %s); "
                                + "with %,d users per arm only a difference of about %s could be detected.",
                        r.arm().name(), metric, signedPercent(lift.relative()), p(lift.pValue()), have,
                        Double.isFinite(mde.relative()) ? "±" + percent(mde.relative()) + " relative" : rate(mde.absolute())));
            }
        }
        if (srm.mismatch()) {
            code = "sample_ratio_mismatch";
        }
        return new Verdict(code, srmWarning + String.join(" ", sentences));
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value * 100);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String signedPercent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%+.1f%%", fraction * 100) : "n/a";
    }

    private static String p(double p) {
        return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
