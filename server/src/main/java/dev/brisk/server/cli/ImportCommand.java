package dev.brisk.server.cli;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.data.MovieLensReader;
import dev.brisk.core.event.Event;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.app.ConfigException;
import dev.brisk.server.catalog.CatalogService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code brisk import ...}: loads events, items and outside data sets into the configured database. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import a data set into the configured database (BRISK_DB_URL).",
        subcommands = {ImportEventsCommand.class, ImportItemsCommand.class, ImportCommand.MovieLens.class})
public final class ImportCommand extends CommandGroup {

    /**
     * {@code brisk import movielens DIR}: the items and ratings of a MovieLens release (100K, 1M,
     * 10M or a CSV release), through the same writer as live events (profiles, sessions). Event
     * ids are derived from user and movie, so importing again changes nothing.
     */
    @Command(name = "movielens", mixinStandardHelpOptions = true, description = "Import MovieLens 100K (u.data, u.item), 1M/10M (*.dat) or a CSV "
            + "release (ratings.csv, movies.csv) from DIR: movies become items, ratings become rating events.")
    public static final class MovieLens implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Folder with the MovieLens files.")
        Path dir;
        @Option(names = "--id-prefix", defaultValue = "", description = "Put before every user and item id, to keep data sets apart (default: none).")
        String prefix;
        @Option(names = "--batch", defaultValue = "5000", description = "Events per transaction (default: ${DEFAULT-VALUE}).")
        int batch;

        /** Where the settings come from; tests hand in their own. */
        Map<String, String> environment = System.getenv();

        @Override
        public Integer call() throws IOException {
            BriskConfig config;
            try {
                config = BriskConfig.fromEnvironment(environment);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            try {
                MovieLensReader.detect(dir);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            try (ImportTarget target = new ImportTarget(config)) {
                CatalogService catalog = target.catalog();
                ProgressBar bar = ProgressBar.onStandardError();
                List<Item> items = new ArrayList<>();
                List<Event> pending = new ArrayList<>(batch);
                long started = System.currentTimeMillis();
                MovieLensReader.Summary summary = new MovieLensReader(prefix).read(dir, items::add, event -> {
                    if (!items.isEmpty()) {
                        bar.update("items", 0, items.size());
                        catalog.upsert(items);
                        bar.update("items", items.size(), items.size());
                        items.clear();
                    }
                    pending.add(event);
                    if (pending.size() == batch) {
                        target.write(pending);
                    }
                }, (read, total) -> bar.update("ratings (bytes read)", read, total));
                if (!items.isEmpty()) {
                    catalog.upsert(items);
                }
                target.write(pending);
                bar.finish();
                System.out.printf("Imported MovieLens (%s) from %s: %,d items, %,d ratings read, %,d new events stored"
                                + "%s in %.1f s%n", summary.format(), dir, summary.items(), summary.ratings(), target.stored(),
                        summary.skippedLines() > 0 ? ", " + summary.skippedLines() + " unreadable lines skipped" : "",
                        (System.currentTimeMillis() - started) / 1000.0);
                return 0;
            }
        }
    }
}
