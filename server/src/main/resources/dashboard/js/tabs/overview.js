// Overview: health of every component, totals, events per second and recommend latency.

import { api } from "../api.js";
import { card, fmt, h, replace, showError } from "../dom.js";
import { realtime } from "../live.js";
import { COLORS, RecentSeconds, TimeSeries, chartBox } from "../charts.js";
import { renderComponents } from "./components.js";

const LATENCY_WINDOW_SECONDS = 30 * 60;

function stat(label, value, id) {
  return h("div", { class: "stat" }, h("div", { class: "value", id }, value), h("div", { class: "label" }, label));
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

  const latency = card("Recommend latency", { aside: "p50 / p95 / p99 over the last minute, last 30 min" });
  const latencyCanvas = chartBox("Recommend latency percentiles over the last 30 minutes");
  latency.body.append(latencyCanvas.box, h("p", { class: "hint" },
    "Older points are the stored snapshots of /metrics/history; newer ones arrive every second."));

  panel.append(h("div", { class: "grid two" }, health.el, totals.el), h("div", { class: "grid two" }, events.el, latency.el));

  const eventsChart = new RecentSeconds("overview-events", eventsCanvas.canvas, {
    yTitle: "events / s", series: [{ label: "all event types", color: COLORS.total }],
  });
  const latencyChart = new TimeSeries("overview-latency", latencyCanvas.canvas, {
    yTitle: "latency (ms)", windowSeconds: LATENCY_WINDOW_SECONDS,
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
    replace(totalsBody,
      stat("users", fmt.int(t.users), "total-users"),
      stat("items", fmt.int(t.items), "total-items"),
      stat("events stored", fmt.int(t.events), "total-events"),
      stat("accepted since start", fmt.int(e.total)),
      stat("events/s (1 min)", fmt.num(e.per_second_1m, 2)),
      stat("events/s (5 min)", fmt.num(e.per_second_5m, 2)),
      stat("duplicates / rejected", `${fmt.int(e.duplicates)} / ${fmt.int(e.rejected)}`),
      stat("cache hit rate", fmt.pct(data.cache && data.cache.hit_rate)),
      stat("models", fmt.int((data.models || []).length)),
      stat("uptime", fmt.duration(data.uptime_seconds)),
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
  return kafka ? [stat("Kafka lag (events)", fmt.int(kafka.details && kafka.details.lag), "kafka-lag")] : [];
}

async function loadLatencyHistory(chart, errorSlot) {
  try {
    const names = ["recommend_latency_p50_ms", "recommend_latency_p95_ms", "recommend_latency_p99_ms"];
    const answers = await Promise.all(names.map((name) => api(`/metrics/history?name=${name}&window=30m`)));
    answers.forEach((answer, i) => chart.addHistory(i, (answer.points || []).map((p) => ({ t: p.timestamp, y: p.value }))));
  } catch (e) {
    showError(errorSlot, new Error(`Cannot read the stored latency history: ${e.message}`));
  }
}
