// Overview: health of every component, totals, events per second and recommend latency.

import { api } from "../api.js";
import { card, fmt, h, replace, showError } from "../dom.js";
import { realtime } from "../live.js";
import { COLORS, RecentSeconds, TimeSeries, chartBox } from "../charts.js";
import { renderComponents } from "./components.js";

const LATENCY_WINDOW_SECONDS = 30 * 60;

/** A figure with its name, what it means in a tooltip, and a short note under it where the name is not enough. */
function stat(label, value, id, meaning, note) {
  const text = !/^[–\d]/.test(value);
  return h("div", { class: "stat", title: meaning }, h("div", { class: "value" + (text ? " text" : ""), id }, value),
    h("div", { class: "label" }, label), note ? h("div", { class: "meaning" }, note) : null);
}

/** The hit rate since start, or what stands in for it before the first lookup. */
function hitRate(cache) {
  if (!cache || cache.hits + cache.misses === 0) return "no lookups yet";
  return fmt.pct(cache.hit_rate);
}

/** The 99th percentile of freshness over the last minute, or what stands in for it. */
function freshness(f) {
  if (!f || !f.count) return "no data yet";
  return f.p99 > 0 ? fmt.ms(f.p99) : "none this minute";
}

export function mount(panel) {
  const health = card("Components", { aside: "from /metrics/realtime, every second" });
  health.el.id = "overview-health";
  const components = h("div", { class: "components" });
  health.body.append(components);

  const totals = card("Totals");
  totals.el.id = "overview-totals";
  const totalsBody = h("div", { class: "stats" });
  totals.body.append(totalsBody);

  const events = card("Events per second", { aside: "accepted events, last 60 s" });
  const eventsCanvas = chartBox("Events accepted per second over the last 60 seconds");
  events.body.append(eventsCanvas.box);

  const latency = card("Recommend latency", { aside: "p50 / p95 / p99 over the last minute, up to 30 min back" });
  const latencyCanvas = chartBox("Recommend latency percentiles over the last 30 minutes");
  latency.body.append(latencyCanvas.box, h("p", { class: "hint" },
    "Time to answer GET /recommend at the service (cached or not). Half of the requests were faster than p50, 99% faster"
    + " than p99. Older points are the stored snapshots of /metrics/history; newer ones arrive every second; the axis"
    + " spans the time there is data for."));

  panel.append(h("div", { class: "grid two" }, health.el, totals.el), h("div", { class: "grid two" }, events.el, latency.el));

  const eventsChart = new RecentSeconds("overview-events", eventsCanvas.canvas, {
    yTitle: "events / s", series: [{ label: "all event types", color: COLORS.total }],
  });
  const latencyChart = new TimeSeries("overview-latency", latencyCanvas.canvas, {
    yTitle: "latency (ms)", windowSeconds: LATENCY_WINDOW_SECONDS, fitToData: true,
    series: [{ label: "p50", color: COLORS.p50 }, { label: "p95", color: COLORS.p95, dash: [6, 3] }, { label: "p99", color: COLORS.p99 }],
  });
  loadLatencyHistory(latencyChart, latency.error);

  realtime.subscribe((data, error) => {
    showError(health.error, error && new Error(`Cannot read the live figures: ${error.message}`));
    health.aside.textContent = error && data ? `last known state, from ${fmt.time(data.timestamp)}` : "from /metrics/realtime, every second";
    [health.el, totals.el, events.el, latency.el].forEach((el) => el.classList.toggle("stale", Boolean(error)));
    if (!data) return;
    renderComponents(components, data.components || []);
    const t = data.totals || {};
    const e = data.events || {};
    const c = data.cache || {};
    const f = data.freshness || {};
    replace(totalsBody,
      stat("users", fmt.int(t.users), "total-users", "Users with at least one stored event"),
      stat("items", fmt.int(t.items), "total-items", "Active items in the catalog"),
      stat("events stored", fmt.int(t.events), "total-events", "Every event in the database"),
      stat("accepted since start", fmt.int(e.total), "total-accepted", "Events this instance acknowledged since it started"),
      stat("events/s (1 min)", fmt.num(e.per_second_1m, 2), "events-1m", "Accepted per second, averaged over the last minute"),
      stat("events/s (5 min)", fmt.num(e.per_second_5m, 2), "events-5m", "Accepted per second, averaged over the last 5 minutes"),
      stat("duplicates / rejected", `${fmt.int(e.duplicates)} / ${fmt.int(e.rejected)}`, "events-refused",
        "Duplicates: a retried event_id, acknowledged and ignored. Rejected: invalid, nothing stored"),
      stat("cache hit rate", hitRate(c), "cache-hit-rate",
        `Lists served from the ${c.backend || "recommendation"} cache ÷ all lookups since start (${fmt.int(c.hits)} hits, ${fmt.int(c.misses)} misses). An event empties its user's entries, so active users miss more`,
        "share of lists served from the cache"),
      stat("freshness p99", freshness(f), "freshness-p99",
        "From an event's acknowledgement to the next list for its user that reflects it; 99% of the last minute's were faster",
        "event acknowledged → its user's list changed"),
      stat("models", fmt.int((data.models || []).length), "total-models", "Models served; details in the Models tab"),
      stat("uptime", fmt.duration(data.uptime_seconds), "uptime", "Since this instance started"),
      ...kafkaLag(data.components || []));
    if (!error) {
      eventsChart.set([e.last_60_seconds || []]);
      const l = data.recommend_latency || {};
      const served = l.p99 > 0; // all zero when nothing was served in the last minute
      latencyChart.push(Date.now(), served ? [l.p50, l.p95, l.p99] : [null, null, null]);
    }
  });
  return {};
}

// With the Kafka event log: events in this instance's partitions not stored yet.
function kafkaLag(components) {
  const kafka = components.find((c) => c.component === "kafka");
  return kafka ? [stat("Kafka lag (events)", fmt.int(kafka.details && kafka.details.lag), "kafka-lag",
    "Events appended to the Kafka topic that no consumer of the group has stored yet")] : [];
}

async function loadLatencyHistory(chart, errorSlot) {
  try {
    const names = ["recommend_latency_p50_ms", "recommend_latency_p95_ms", "recommend_latency_p99_ms"];
    const answers = await Promise.all(names.map((name) => api(`/metrics/history?name=${name}&window=30m`)));
    // A snapshot of 0 is a minute in which nothing was served: a gap, as in the live points.
    answers.forEach((answer, i) => chart.addHistory(i, (answer.points || [])
      .map((p) => ({ t: Date.parse(p.timestamp), y: p.value > 0 ? p.value : null }))));
  } catch (e) {
    showError(errorSlot, new Error(`Cannot read the stored latency history: ${e.message}`));
  }
}
