package dev.brisk.server.experiments;

import dev.brisk.core.experiments.Analysis;
import dev.brisk.core.experiments.Estimate;
import dev.brisk.core.experiments.Experiment;
import dev.brisk.core.experiments.ExperimentRules;
import dev.brisk.core.experiments.Lift;
import dev.brisk.core.experiments.Power;
import dev.brisk.core.experiments.SampleRatio;
import dev.brisk.core.experiments.UserSums;
import dev.brisk.core.experiments.Variant;
import dev.brisk.server.store.ExperimentStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A/B experiments: definitions in the database, the running one in memory for the request path,
 * deterministic assignment, and results with their statistics. Changes made through other
 * instances arrive through {@link #refresh()}, which the change feed calls: it reloads the
 * experiments when their version in the database moved. Only one experiment runs at a time, so a
 * user is in at most one and every list counts for at most one.
 */
public final class ExperimentService {
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";
    private static final Map<String, String> METHODS = methods();

    private final ExperimentStore store;
    private final Set<String> models;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<List<Experiment>> experiments = new AtomicReference<>(List.of());
    private final Object refreshing = new Object();
    private volatile long seenVersion = -1;

    public ExperimentService(ExperimentStore store, Set<String> models) {
        this.store = store;
        this.models = Set.copyOf(models);
    }

    /** Reads every experiment from the database. */
    public void reload() {
        synchronized (refreshing) {
            // The version first: a change committed during the read is then read again, never missed.
            long version = store.version();
            experiments.set(List.copyOf(store.all()));
            seenVersion = version;
        }
    }

    /** Reloads when another instance (or this one) changed an experiment since the last look; true when it did. */
    public boolean refresh() {
        synchronized (refreshing) {
            if (store.version() == seenVersion) {
                return false;
            }
        }
        reload();
        return true;
    }

    /** The experiments' version this instance has applied. */
    public long version() {
        return seenVersion;
    }

    /** Every experiment, newest first. */
    public List<Experiment> all() {
        return experiments.get();
    }

    public Optional<Experiment> find(String id) {
        return all().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public Optional<Experiment> running() {
        return all().stream().filter(Experiment::running).findFirst();
    }

    /** The running experiment's variant for a user; empty when no experiment runs. */
    public Optional<Assigned> assign(String userId) {
        return running().map(e -> new Assigned(e.id(), e.variantOf(userId)));
    }

    /** The variant of a user in an experiment (running or stopped); empty when it does not exist. */
    public Optional<Variant> variantOf(String experimentId, String userId) {
        return find(experimentId).map(e -> e.variantOf(userId));
    }

    /** Validates, stores and starts an experiment; throws {@link ExperimentException} when it cannot. */
    public Experiment create(NewExperiment request) {
        List<String> problems = new ArrayList<>(request.parseProblems());
        if (request.id() != null && !request.id().matches(ID)) {
            problems.add("experiment_id must be 1-64 letters, digits or _.:- starting with a letter or digit, got "
                    + request.id());
        }
        problems.addAll(ExperimentRules.problems(request.name(), request.primaryMetric(), request.variants(), models));
        if (!problems.isEmpty()) {
            throw new ExperimentException(ExperimentException.Kind.INVALID,
                    "Invalid experiment: " + String.join("; ", problems), problems);
        }
        String id = request.id() != null ? request.id() : "exp-" + HexFormat.of().formatHex(randomBytes());
        Experiment experiment = new Experiment(id, request.name().strip(), request.description(), request.primaryMetric(),
                request.variants(), Experiment.RUNNING, System.currentTimeMillis(), 0);
        switch (store.create(experiment)) {
            case ID_TAKEN -> throw new ExperimentException(ExperimentException.Kind.CONFLICT,
                    "An experiment with the id " + id + " exists already", List.of());
            case ANOTHER_RUNNING -> {
                reload();
                String other = running().map(e -> " (" + e.id() + ", \"" + e.name() + "\")").orElse("");
                throw new ExperimentException(ExperimentException.Kind.CONFLICT, "Another experiment is running" + other
                        + "; stop it first: only one experiment runs at a time, so that every user and every list "
                        + "counts for one experiment only", List.of());
            }
            case CREATED -> reload();
        }
        return find(id).orElse(experiment);
    }

    /** Stops an experiment (a stopped one stays as it is); empty when it does not exist. Its results are kept. */
    public Optional<Experiment> stop(String id) {
        if (find(id).isEmpty()) {
            reload();
        }
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        store.stop(id, System.currentTimeMillis());
        reload();
        return find(id);
    }

    /** The results of an experiment, computed now from the lists logged for it; records this look. */
    public Optional<ExperimentResults> results(String id) {
        return find(id).map(this::results);
    }

    private ExperimentResults results(Experiment e) {
        List<Analysis.Arm> arms = arms(e, store.counts(e.id()));
        Analysis.Result first = Analysis.of(arms, e.primaryMetric());
        Map<String, Double> look = new LinkedHashMap<>();
        for (Analysis.VariantResult v : first.variants()) {
            if (v.lift() != null && Double.isFinite(v.lift().sequentialPValue()) && v.arm().users() >= Analysis.MIN_USERS) {
                look.put(v.arm().name(), v.lift().sequentialPValue());
            }
        }
        Map<String, Double> best = look.isEmpty() ? Map.of() : store.recordLook(e.id(), look, System.currentTimeMillis());
        Analysis.Result r = Analysis.of(arms, e.primaryMetric(), best);
        List<ExperimentResults.VariantResults> variants = new ArrayList<>();
        for (int i = 0; i < r.variants().size(); i++) {
            Analysis.VariantResult v = r.variants().get(i);
            Variant def = e.variants().get(i);
            Lift lift = v.lift();
            variants.add(new ExperimentResults.VariantResults(def.name(), def.model(), def.weight(), i == 0,
                    v.arm().users(), v.arm().lists(), v.arm().clicks(), v.arm().purchases(),
                    (long) v.arm().conversion().sumX(), rate(v.ctr(), false), rate(v.conversion(), true),
                    lift == null ? null : new ExperimentResults.Lift(e.primaryMetric(), num(lift.absolute()),
                            interval(lift.absoluteCi95()), num(lift.relative()), interval(lift.relativeCi95())),
                    lift == null ? null : num(lift.pValue()), lift == null ? null : v.significant(),
                    lift == null ? null : num(lift.sequentialPValue()), lift == null ? null : v.sequentialSignificant()));
        }
        SampleRatio srm = r.srm();
        List<Long> observed = arms.stream().map(Analysis.Arm::users).toList();
        List<Double> expected = new ArrayList<>();
        for (double x : srm.expected()) {
            expected.add(Math.round(x * 10) / 10.0);
        }
        String srmMessage = srm.mismatch()
                ? "Sample ratio mismatch: the users exposed do not match the weights (p < " + SampleRatio.WARN_BELOW
                + "); look for a cause in assignment, logging or filtering before trusting the results"
                : "The users exposed match the weights (no sample ratio mismatch at p < " + SampleRatio.WARN_BELOW + ")";
        return new ExperimentResults(e.id(), e.name(), e.status(), e.primaryMetric(), iso(e.startedAt()),
                e.stoppedAt() == 0 ? null : iso(e.stoppedAt()), variants,
                new ExperimentResults.Srm(num(srm.chiSquare()), srm.degreesOfFreedom(), num(srm.pValue()), observed,
                        expected, srm.mismatch(), srmMessage),
                new ExperimentResults.Mde(e.primaryMetric(), num(r.mde().absolute()), num(r.mde().relative()),
                        r.mde().usersPerArm(), Power.ALPHA, Power.POWER),
                r.verdict().text(), r.verdict().code(), METHODS, Instant.now().toString());
    }

    /**
     * Each variant's figures at {@code points} moments from the start to now (or the stop), each
     * counting the lists served up to that moment with their clicks and purchases so far.
     */
    public Optional<ExperimentResults.Timeline> timeline(String id, int points) {
        return find(id).map(e -> {
            long end = e.stoppedAt() > 0 ? e.stoppedAt() : System.currentTimeMillis();
            long bucket = Math.max(1000, (end - e.startedAt() + points - 1) / points);
            List<ExperimentStore.UserBucket> rows = store.buckets(e.id(), e.startedAt(), bucket);
            Map<String, Map<String, long[]>> perUser = new HashMap<>();
            e.variants().forEach(v -> perUser.put(v.name(), new HashMap<>()));
            List<ExperimentResults.Point> out = new ArrayList<>();
            int next = 0;
            for (int b = 0; b < points; b++) {
                while (next < rows.size() && Math.min(rows.get(next).bucket(), points - 1) <= b) {
                    ExperimentStore.UserBucket row = rows.get(next++);
                    Map<String, long[]> users = perUser.get(row.variant());
                    if (users != null) {
                        long[] t = users.computeIfAbsent(row.userId(), u -> new long[3]);
                        t[0] += row.lists();
                        t[1] += row.clicks();
                        t[2] += row.purchases();
                    }
                }
                List<ExperimentResults.PointVariant> variants = new ArrayList<>();
                for (Variant v : e.variants()) {
                    UserSums ctr = UserSums.EMPTY;
                    UserSums conversion = UserSums.EMPTY;
                    long lists = 0;
                    for (long[] t : perUser.get(v.name()).values()) {
                        ctr = ctr.plus(t[1], t[0]);
                        conversion = conversion.plus(t[2] > 0 ? 1 : 0, 1);
                        lists += t[0];
                    }
                    variants.add(new ExperimentResults.PointVariant(v.name(), ctr.users(), lists,
                            rate(ctr.estimate(), false), rate(conversion.estimate(), true)));
                }
                out.add(new ExperimentResults.Point(iso(Math.min(end, e.startedAt() + (b + 1) * bucket)), variants));
            }
            return new ExperimentResults.Timeline(e.id(), e.primaryMetric(), bucket / 1000, out);
        });
    }

    private static List<Analysis.Arm> arms(Experiment e, List<ExperimentStore.VariantCounts> counts) {
        Map<String, ExperimentStore.VariantCounts> byName = new HashMap<>();
        counts.forEach(c -> byName.put(c.variant(), c));
        List<Analysis.Arm> arms = new ArrayList<>();
        for (Variant v : e.variants()) {
            ExperimentStore.VariantCounts c = byName.get(v.name());
            if (c == null) {
                arms.add(new Analysis.Arm(v.name(), v.weight(), 0, 0, 0, UserSums.EMPTY, UserSums.EMPTY));
                continue;
            }
            UserSums ctr = new UserSums(c.users(), c.clicks(), c.lists(), c.sumClicksSquared(), c.sumListsSquared(),
                    c.sumClicksTimesLists());
            // Conversion: x = 1 for a user who bought from a list of theirs, y = 1 for every exposed user.
            UserSums conversion = new UserSums(c.users(), c.purchasers(), c.users(), c.purchasers(), c.users(),
                    c.purchasers());
            arms.add(new Analysis.Arm(v.name(), v.weight(), c.lists(), c.clicks(), c.purchases(), ctr, conversion));
        }
        return arms;
    }

    /** A rate with its interval cut to the possible range: at least 0, and at most 1 for a proportion. */
    private static ExperimentResults.Metric rate(Estimate e, boolean proportion) {
        if (!e.known()) {
            return new ExperimentResults.Metric(num(e.value()), null);
        }
        double[] ci = e.ci95();
        double high = proportion ? Math.min(1, ci[1]) : ci[1];
        return new ExperimentResults.Metric(e.value(), List.of(Math.max(0, ci[0]), high));
    }

    private static List<Double> interval(double[] ci) {
        return Double.isFinite(ci[0]) && Double.isFinite(ci[1]) ? List.of(ci[0], ci[1]) : null;
    }

    private static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, String> methods() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("unit", "the user: assignment is per user, so intervals and tests treat users as the independent units");
        m.put("ctr", "clicked items per served list, a ratio of per-user sums; its variance by the delta method over users");
        m.put("conversion", "users who bought an item of one of their lists per exposed user; variance p(1-p)/n over users");
        m.put("p_value", "two-sided z-test of the difference with unpooled user-level variances (alpha 0.05)");
        m.put("lift", "absolute difference with a 95% interval; relative lift (treatment/control - 1) with a delta-method interval");
        m.put("sequential_p_value", "always-valid p-value of the mixture SPRT with a normal mixture (tau = 0.25 x the control's"
                + " rate), the running minimum over looks: Johari, Koomen, Pekelis, Walsh, 'Peeking at A/B tests', KDD 2017");
        m.put("srm", "chi-square goodness of fit of exposed users against the weights; warning when p < 0.001");
        m.put("minimum_detectable_effect", "2.80 x the standard error of the difference (alpha 0.05 two-sided, power 0.8)");
        return java.util.Collections.unmodifiableMap(m);
    }
}
