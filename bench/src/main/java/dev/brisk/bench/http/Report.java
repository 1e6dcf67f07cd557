package dev.brisk.bench.http;

import dev.brisk.server.store.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: one table on the terminal and the same figures, with the run's
 * circumstances, as JSON. Every row is set against a ceiling row measured in the same run: its
 * requests/s as a share of the ceiling's, its median latency as a multiple of the ceiling's.
 */
final class Report {
    /** One line of the table; latencies in milliseconds, NaN where they do not apply. */
    record Row(String name, String what, int clients, long requests, double requestsPerSecond, double eventsPerSecond,
               double clientP50, double clientP99, double serverP50, double serverP99, double cachedFraction,
               long errors, String firstError, String ceiling, double rpsRatio, double p50Ratio, long measuredFrom,
               long measuredTo, double serverCores, double serverCpuMicrosPerRequest,
               double serverRunQueueWaitMicrosPerRequest, double cpuRatio) {
    }

    /** A product target, the figure it is judged on, and by how much it is met or missed. */
    record Target(String target, String figure, double value, String comparison, double limit, String unit,
                  boolean met, String margin) {
    }

    private final Map<String, Object> run;
    private final List<Row> rows = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private final List<Freshness.Result> probes = new ArrayList<>();

    Report(Map<String, Object> run) {
        this.run = run;
    }

    Row add(Load.Result r, Load.Result ceiling) {
        Row row = new Row(r.name(), r.what(), r.clients(), r.requests(), r.requestsPerSecond(),
                r.events() > 0 ? r.eventsPerSecond() : Double.NaN, r.client().p50(), r.client().p99(),
                r.serverTook() == null ? Double.NaN : r.serverTook().p50(),
                r.serverTook() == null ? Double.NaN : r.serverTook().p99(),
                r.serverTook() == null ? Double.NaN : r.cachedFraction(), r.errors(), r.firstError(),
                ceiling == null ? null : ceiling.name(),
                ceiling == null ? Double.NaN : r.requestsPerSecond() / ceiling.requestsPerSecond(),
                ceiling == null ? Double.NaN : r.client().p50() / ceiling.client().p50(), r.measuredFrom(),
                r.measuredTo(), r.serverCores(), r.serverCpuMicrosPerRequest(), r.serverRunQueueWaitMicrosPerRequest(),
                ceiling == null ? Double.NaN : ceiling.serverCpuMicrosPerRequest() / r.serverCpuMicrosPerRequest());
        rows.add(row);
        return row;
    }

    Row add(Freshness.Result f, Load.Result ceiling) {
        probes.add(f);
        Row row = new Row(f.name(), f.what(), 1, f.samples(), Double.NaN, Double.NaN, f.ackToFresh().p50(),
                f.ackToFresh().p99(), Double.NaN, Double.NaN, Double.NaN, f.errors() + f.timeouts(), f.firstError(),
                ceiling == null ? null : ceiling.name(), Double.NaN,
                ceiling == null ? Double.NaN : f.ackToFresh().p50() / ceiling.client().p50(), f.measuredFrom(),
                f.measuredTo(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        rows.add(row);
        return row;
    }

    /** A target met when {@code value <= limit} ("at most") or {@code value >= limit} ("at least"). */
    void target(String target, String figure, double value, boolean atMost, double limit, String unit) {
        boolean met = !Double.isNaN(value) && (atMost ? value <= limit : value >= limit);
        String margin;
        if (Double.isNaN(value)) {
            margin = "not measured";
        } else if (atMost) {
            margin = met ? String.format(Locale.ROOT, "%.2fx under the limit", limit / value)
                    : String.format(Locale.ROOT, "missed by %s %s (%.2fx the limit)", num(value - limit), unit, value / limit);
        } else {
            margin = met ? String.format(Locale.ROOT, "%.2fx the minimum", value / limit)
                    : String.format(Locale.ROOT, "missed by %s %s (%.0f%% of the minimum)", num(limit - value), unit,
                    100 * value / limit);
        }
        targets.add(new Target(target, figure, value, atMost ? "<=" : ">=", limit, unit, met, margin));
    }

    void extra(String key, Object value) {
        extra.put(key, value);
    }

    void print(PrintStream out) {
        out.println();
        out.println("Brisk HTTP benchmark: " + run.get("backend") + ", " + run.get("server") + "; "
                + run.get("cores") + " cores, " + run.get("memory") + ", commit " + run.get("commit") + ", "
                + run.get("date") + ", load average " + run.get("load_average_before") + " before");
        String format = "%-24s %4s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %6s %8s %7s %6s%n";
        out.printf(Locale.ROOT, format, "phase", "cli", "requests", "req/s", "events/s", "rps/ceil", "p50/ceil",
                "client50", "client99", "server50", "server99", "srv-cpu", "rq-wait", "cores", "cpu/ceil", "cached",
                "errors");
        for (Row r : rows) {
            out.printf(Locale.ROOT, format, r.name(), r.clients(), r.requests(), num(r.requestsPerSecond()),
                    num(r.eventsPerSecond()), ratio(r.rpsRatio()), ratio(r.p50Ratio()), ms(r.clientP50()),
                    ms(r.clientP99()), ms(r.serverP50()), ms(r.serverP99()), num(r.serverCpuMicrosPerRequest()),
                    num(r.serverRunQueueWaitMicrosPerRequest()), ratio(r.serverCores()), ratio(r.cpuRatio()), percent(r.cachedFraction()), r.errors());
        }
        out.println("Latencies in ms. client = request sent to answer read, at the client; server = took_ms in the "
                + "answer. Freshness rows: acknowledgement of the event to the first list without its item.");
        out.println("srv-cpu: CPU time of the server process per request (µs); rq-wait: time its threads waited,"
                + " runnable, for a core, per request (µs); cores: cores it kept busy. Ceilings:"
                + " rps/ceil = req/s ÷ the ceiling's, p50/ceil = client p50 ÷ the ceiling's, cpu/ceil = the ceiling's"
                + " srv-cpu ÷ this row's (the req/s share a server alone on the machine would reach); the ceiling of"
                + " a row is the /health phase of the same concurrency.");
        for (Freshness.Result f : probes) {
            out.printf(Locale.ROOT, "%s: %d probes, %d answered by the first read after the acknowledgement, %d stale"
                            + " reads, %d never fresh within 5 s; POST /events acknowledged in p50 %.3f / p99 %.3f ms%n",
                    f.name(), f.samples(), f.samples() - f.staleReadsProbes(), f.staleReads(), f.timeouts(),
                    f.ack().p50(), f.ack().p99());
            if (f.errors() > 0) {
                out.printf(Locale.ROOT, "%s: %d probes failed; the first: %s%n", f.name(), f.errors(), f.firstError());
            }
        }
        for (Row r : rows) {
            if (r.firstError() != null) {
                out.println("First error in " + r.name() + ": " + r.firstError());
            }
        }
        out.println();
        out.printf(Locale.ROOT, "%-58s %-10s %s%n", "target", "result", "margin");
        for (Target t : targets) {
            out.printf(Locale.ROOT, "%-58s %-10s %s%n", t.target(), t.met() ? "met" : "MISSED",
                    num(t.value()) + " " + t.unit() + ": " + t.margin());
        }
    }

    void write(Path json) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", run);
        doc.put("phases", rows.stream().map(Report::finite).toList());
        doc.put("targets", targets.stream().map(Report::finite).toList());
        doc.put("freshness", probes.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("probes", f.samples());
            m.put("probes_with_a_stale_read", f.staleReadsProbes());
            m.put("stale_reads", f.staleReads());
            m.put("never_fresh_within_5_s", f.timeouts());
            m.put("errors", f.errors());
            m.put("ack_to_fresh_ms", finite(f.ackToFresh()));
            m.put("event_acknowledged_ms", finite(f.ack()));
            return m;
        }).toList());
        doc.putAll(extra);
        Path parent = json.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    }

    /** A record as a map, with NaN (not applicable) as null so that the JSON stays standard. */
    private static Map<String, Object> finite(Record record) {
        Map<String, Object> raw = Json.MAPPER.convertValue(record, Json.MAP_TYPE);
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, v instanceof Double d && (d.isNaN() || d.isInfinite()) ? null
                : v instanceof String s && s.equals("NaN") ? null : v));
        return out;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}
