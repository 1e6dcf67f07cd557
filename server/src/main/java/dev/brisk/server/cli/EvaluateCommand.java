package dev.brisk.server.cli;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.data.MovieLensReader;
import dev.brisk.core.eval.ChronologicalSplit;
import dev.brisk.core.eval.EvaluationReport;
import dev.brisk.core.eval.Evaluator;
import dev.brisk.core.eval.ModelMetrics;
import dev.brisk.core.eval.PrequentialEvaluator;
import dev.brisk.core.eval.PrequentialReport;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.Workers;
import dev.brisk.core.training.ModelSuite;
import dev.brisk.server.app.BackgroundThreads;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.app.ConfigException;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.ActivityStore;
import dev.brisk.server.store.ItemStore;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code brisk evaluate}: compares the models offline. Each user's chronologically last 20% of
 * interactions (users with at least 5) are held out; the models are trained on the rest with the
 * configured parameters (BRISK_ALS_* ...; the hybrid tunes its weights on a further split of the
 * training part); every item a user has not interacted with is ranked; Precision, Recall, NDCG,
 * HitRate and catalog coverage at 10 and 20 are reported as a table and as JSON.
 *
 * <p>{@code --protocol prequential} replays the held-out events in time order instead: before each
 * new positive interaction the user's top 10 is asked for (everything interacted with so far
 * excluded), then the event joins the user's history as serving adds it; HR@10, MRR@10 and the
 * per-user HR@10 of every model are reported next to the same model with its history frozen at
 * the split (see {@link PrequentialEvaluator}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Compare the models on a per-user chronological hold-out "
        + "(last 20%% of each user's interactions). offline: Precision, Recall, NDCG, HitRate and coverage at 10 and 20; "
        + "prequential: the held-out events replayed in time order, HR@10, MRR@10 and per-user HR@10 next to a static "
        + "baseline that never sees them.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--protocol", defaultValue = "offline", description = "offline (rank once from the training "
            + "history) or prequential (replay the held-out events in time order; default: ${DEFAULT-VALUE}).")
    String protocol;
    @Option(names = "--source", defaultValue = "db", description = "db (the configured database), generated "
            + "(synthetic data, see --users...) or movielens (files in --dir). Default: ${DEFAULT-VALUE}.")
    String source;
    @Option(names = "--dir", description = "MovieLens folder, for --source movielens.")
    Path dir;
    @Option(names = "--models", split = ",", description = "Models to evaluate (default: all).")
    List<String> models = new ArrayList<>(ModelSuite.TYPES);
    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    Path json;
    @Option(names = "--format", defaultValue = "table", description = "Standard output: table or json (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--holdout", defaultValue = "0.2", description = "Share of each user's interactions held out (default: ${DEFAULT-VALUE}).")
    double holdout;
    @Option(names = "--min-interactions", defaultValue = "5", description = "Users with fewer are not evaluated (default: ${DEFAULT-VALUE}).")
    int minInteractions;
    @Option(names = "--threads", description = "Threads for training and evaluation (default: BRISK_TRAIN_THREADS, or every core).")
    Integer threads;
    @Option(names = "--seed", defaultValue = "42", description = "Generated data: seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--items", defaultValue = "1200", description = "Generated data: items (default: ${DEFAULT-VALUE}).")
    int items;
    @Option(names = "--users", defaultValue = "500", description = "Generated data: users (default: ${DEFAULT-VALUE}).")
    int users;
    @Option(names = "--events", defaultValue = "50000", description = "Generated data: events (default: ${DEFAULT-VALUE}).")
    int events;
    @Option(names = "--days", defaultValue = "42", description = "Generated data: days of history (default: ${DEFAULT-VALUE}).")
    int days;

    /** Where the settings come from; tests hand in their own. */
    Map<String, String> environment = System.getenv();

    private record Data(InteractionLog log, Catalog catalog) {
    }

    @Override
    public Integer call() throws IOException {
        BriskConfig config;
        try {
            config = BriskConfig.fromEnvironment(environment);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Set<String> types = new LinkedHashSet<>();
        for (String model : models) {
            String type = model.trim().toLowerCase(Locale.ROOT);
            if (!ModelSuite.TYPES.contains(type)) {
                System.err.println("Unknown model '" + model + "'; known: " + String.join(", ", ModelSuite.TYPES));
                return 2;
            }
            types.add(type);
        }
        if (!protocol.equals("offline") && !protocol.equals("prequential")) {
            System.err.println("--protocol must be offline or prequential, got " + protocol);
            return 2;
        }
        if (!format.equals("table") && !format.equals("json")) {
            System.err.println("--format must be table or json, got " + format);
            return 2;
        }
        // Nothing is served here: every core trains unless told otherwise.
        int n = threads != null ? Math.max(1, threads) : config.models().threadsWithoutServing();
        try (Workers workers = Workers.start(n, BackgroundThreads.training("train-worker"))) {
            return evaluate(config, types, config.models().toParams(config.weights(), config.popularHalfLifeDays(),
                    workers));
        }
    }

    /** Loads the data, trains the models on its split and evaluates them; the exit code. */
    private int evaluate(BriskConfig config, Set<String> types, ModelSuite.Params params) throws IOException {
        ProgressBar bar = ProgressBar.onStandardError();
        Data data;
        try {
            data = load(config, bar);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        bar.update("split", 0, 1);
        ChronologicalSplit split = ChronologicalSplit.of(data.log(), params.matrix().weights(), holdout, minInteractions);
        bar.update("split", 1, 1);
        if (split.users().isEmpty()) {
            bar.finish();
            System.err.println("No user with " + minInteractions + " interactions or more liked anything new in their "
                    + "held-out interactions: nothing to evaluate");
            return 1;
        }
        ModelSuite.Result trained = ModelSuite.train(split.train(), data.catalog(), params, types,
                (phase, done, total) -> bar.update("train " + phase, done, total), split.trainEnd(),
                System.currentTimeMillis());
        Map<String, Object> asJson;
        String table;
        if (protocol.equals("prequential")) {
            PrequentialReport report = replay(trained, types, split, data.catalog(), params, config.historyLimit(), bar);
            asJson = new java.util.LinkedHashMap<>(report.asMap());
            table = report.table();
        } else {
            EvaluationReport report = offline(trained, types, split, data.catalog(), params, bar);
            asJson = new java.util.LinkedHashMap<>(report.asMap());
            table = report.table();
        }
        bar.finish();
        asJson.put("source", source);
        if (trained.models().containsKey("hybrid")) {
            asJson.put("hybrid_weights", trained.hybridWeights().asMap());
        }
        if (json != null) {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), asJson);
        }
        System.out.print(format.equals("json") ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(asJson)
                + System.lineSeparator() : table);
        return 0;
    }

    private static EvaluationReport offline(ModelSuite.Result trained, Set<String> types, ChronologicalSplit split,
                                            Catalog catalog, ModelSuite.Params params, ProgressBar bar) {
        Evaluator evaluator = new Evaluator(params.workers());
        List<ModelMetrics> results = new ArrayList<>();
        for (String type : types) {
            var model = trained.get(type);
            results.add(evaluator.evaluate(model, split, catalog, model.info().trainingMillis(),
                    (phase, done, total) -> bar.update("evaluate " + phase, done, total)));
        }
        return new EvaluationReport(split.users().size(), split.heldOut(), split.train().size(), results);
    }

    private static PrequentialReport replay(ModelSuite.Result trained, Set<String> types, ChronologicalSplit split,
                                            Catalog catalog, ModelSuite.Params params, int historyLimit,
                                            ProgressBar bar) {
        PrequentialEvaluator evaluator = new PrequentialEvaluator(params.matrix().weights(), historyLimit,
                params.workers());
        List<PrequentialEvaluator.Result> results = new ArrayList<>();
        for (String type : types) {
            results.add(evaluator.evaluate(trained.get(type), split, catalog,
                    (phase, done, total) -> bar.update("replay " + phase, done, total)));
        }
        return new PrequentialReport(split.users().size(), split.heldOutEvents().size(), split.train().size(),
                results);
    }

    private Data load(BriskConfig config, ProgressBar bar) throws IOException {
        InteractionLog.Builder log = InteractionLog.builder();
        switch (source) {
            case "generated" -> {
                bar.update("generate", 0, 1);
                DemoData data = new DemoDataGenerator().generate(new DemoDataGenerator.Config(seed, items, users, events,
                        days, System.currentTimeMillis()));
                data.events().forEach(log::add);
                bar.update("generate", 1, 1);
                return new Data(log.build(), Catalog.of(data.items()));
            }
            case "movielens" -> {
                if (dir == null) {
                    throw new IllegalArgumentException("--source movielens needs --dir DIR");
                }
                List<Item> movies = new ArrayList<>();
                new MovieLensReader("").read(dir, movies::add, log::add,
                        (read, total) -> bar.update("read ratings (bytes)", read, total));
                return new Data(log.build(), Catalog.of(movies));
            }
            case "db" -> {
                try (Database db = Database.open(config.database())) {
                    long[] read = new long[1];
                    new ActivityStore(db, config.eventTypes()).scan(0, event -> {
                        if (!event.type().isRetired()) { // a type no longer declared is not trained on
                            log.add(event);
                        }
                        if (++read[0] % 50_000 == 0) {
                            bar.update("read events", read[0], 0);
                        }
                    });
                    return new Data(log.build(), Catalog.of(new ItemStore(db).all()));
                }
            }
            default -> throw new IllegalArgumentException("--source must be db, generated or movielens, got " + source);
        }
    }
}
