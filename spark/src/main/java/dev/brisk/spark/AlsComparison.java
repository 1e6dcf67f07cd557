package dev.brisk.spark;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.EventType;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ItemIndex;
import dev.brisk.core.training.ModelSuite;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Brisk's ALS and Spark's on the same interactions, each timed: what {@code compare} prints and the tests check. */
final class AlsComparison {
    private AlsComparison() {
    }

    /** Both models and their training times (Brisk's includes building its matrix). */
    record Result(ImplicitAls brisk, long briskMillis, SparkAls.Trained spark) {
    }

    static Result run(SparkSession spark, InteractionLog log, Dataset<Row> events, Catalog catalog,
                      ModelSuite.Params params, Double sparkRegParam, long reference,
                      dev.brisk.core.event.EventTypes types) {
        long started = System.currentTimeMillis();
        InteractionMatrix matrix = InteractionMatrix.build(log, null, params.matrix(), reference, started);
        ImplicitAls brisk = ImplicitAls.train(matrix, ItemIndex.of(matrix, catalog), params.als(),
                params.workers(), (phase, done, total) -> { }, null);
        long briskMillis = System.currentTimeMillis() - started;
        SparkAls.Trained trained = SparkAls.train(spark, events,
                new SparkAls.Settings(params.matrix(), params.als(), sparkRegParam, types), reference,
                System.currentTimeMillis(), Map.of());
        return new Result(brisk, briskMillis, trained);
    }

    /** The events of a log as Spark rows (row ids in log order). */
    static Dataset<Row> rows(SparkSession spark, InteractionLog log) {
        List<Row> rows = new ArrayList<>(log.size());
        for (int e = 0; e < log.size(); e++) {
            float rating = log.ratingAt(e);
            rows.add(RowFactory.create((long) e + 1, log.users().idAt(log.userAt(e)), log.items().idAt(log.itemAt(e)),
                    log.typeAt(e).wireName(), Float.isNaN(rating) ? null : (double) rating, log.timestampAt(e)));
        }
        return spark.createDataFrame(rows, SparkAls.EVENTS);
    }

    /** Spark rows as a log for Brisk's trainer, in row id order (as the service reads them); unknown types are skipped. */
    static InteractionLog log(Dataset<Row> events, dev.brisk.core.event.EventTypes types) {
        InteractionLog.Builder builder = InteractionLog.builder();
        Iterator<Row> rows = events.orderBy("id").toLocalIterator();
        while (rows.hasNext()) {
            Row row = rows.next();
            types.fromWire(row.getString(3)).ifPresent(type -> builder.add(row.getString(1), row.getString(2), type,
                    row.isNullAt(4) ? Double.NaN : row.getDouble(4), row.getLong(5)));
        }
        return builder.build();
    }
}
