package dev.brisk.core.experiments;

import dev.brisk.core.model.Hybrid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What makes a new experiment valid; returns every problem, never throws. 2–10 variants with
 * unique names, known models and weights above 0; a primary metric of "ctr" or "conversion"; and
 * parameters only where they are applied without retraining: a hybrid variant may fix its blend
 * weights ({@code {"weights": {"als": 1, "item_knn": 0.5, ...}}}), other models take none.
 */
public final class ExperimentRules {
    public static final int MIN_VARIANTS = 2;
    public static final int MAX_VARIANTS = 10;
    public static final List<String> METRICS = List.of("ctr", "conversion");
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9 _.:-]{0,63}";

    private ExperimentRules() {
    }

    public static List<String> problems(String name, String primaryMetric, List<Variant> variants,
                                        Set<String> knownModels) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 200) {
            problems.add("name is required (1-200 characters)");
        }
        if (primaryMetric == null || !METRICS.contains(primaryMetric)) {
            problems.add("primary_metric must be one of " + METRICS + ", got " + primaryMetric);
        }
        if (variants == null || variants.size() < MIN_VARIANTS || variants.size() > MAX_VARIANTS) {
            problems.add("variants must be a list of " + MIN_VARIANTS + " to " + MAX_VARIANTS + " variants, got "
                    + (variants == null ? "none" : variants.size()));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; variants != null && i < variants.size(); i++) {
            Variant v = variants.get(i);
            String at = "variants[" + i + "]";
            if (v.name() == null || !v.name().matches(NAME)) {
                problems.add(at + ".name must be 1-64 letters, digits, spaces or _.:- starting with a letter or digit, got "
                        + v.name());
            } else if (!names.add(v.name())) {
                problems.add(at + ".name '" + v.name() + "' is used twice; variant names must be unique");
            }
            if (v.model() == null || !knownModels.contains(v.model())) {
                problems.add(at + ".model must be one of " + knownModels + ", got " + v.model());
            }
            if (!(v.weight() > 0) || !Double.isFinite(v.weight())) {
                problems.add(at + ".weight must be a number above 0, got " + v.weight());
            }
            problems.addAll(paramProblems(at, v));
        }
        return problems;
    }

    private static List<String> paramProblems(String at, Variant v) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> p : v.params().entrySet()) {
            if (!(Hybrid.TYPE.equals(v.model()) && p.getKey().equals("weights"))) {
                problems.add(at + ".params." + p.getKey() + " is not applied to " + v.model()
                        + "; the only parameter is a hybrid's fixed blend \"weights\" (" + Hybrid.PARTS + ")");
                continue;
            }
            try {
                hybridWeights(p.getValue());
            } catch (IllegalArgumentException e) {
                problems.add(at + ".params.weights " + e.getMessage());
            }
        }
        return problems;
    }

    /**
     * A hybrid's blend weights from a variant's {@code weights} parameter: an object of part name to
     * a number ≥ 0, parts left out weigh 0, not all 0. Throws IllegalArgumentException saying why not.
     */
    public static Hybrid.Weights hybridWeights(Object value) {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new IllegalArgumentException("must be an object of part to weight, parts " + Hybrid.PARTS);
        }
        double[] w = new double[Hybrid.PARTS.size()];
        for (Map.Entry<?, ?> e : map.entrySet()) {
            int part = Hybrid.PARTS.indexOf(String.valueOf(e.getKey()));
            if (part < 0) {
                throw new IllegalArgumentException("has the unknown part '" + e.getKey() + "'; parts are " + Hybrid.PARTS);
            }
            if (!(e.getValue() instanceof Number n) || !(n.doubleValue() >= 0) || !Double.isFinite(n.doubleValue())) {
                throw new IllegalArgumentException("." + e.getKey() + " must be a number of at least 0, got " + e.getValue());
            }
            w[part] = n.doubleValue();
        }
        try {
            return Hybrid.Weights.of(w);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must not all be 0");
        }
    }
}
