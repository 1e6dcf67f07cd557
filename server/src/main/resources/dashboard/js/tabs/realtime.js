// Real-Time: live charts, the live event feed, system status, the event simulator (one event by
// hand, or a simulated crowd) and a user activity viewer.

import { api } from "../api.js";
import { card, fmt, h, replace, showError, statusBadge } from "../dom.js";
import { Poller, realtime } from "../live.js";
import { COLORS, RecentSeconds, TimeSeries, chartBox } from "../charts.js";
import { renderComponents } from "./components.js";
import { activityViewer } from "./activity.js";
import { simulator } from "./simulator.js";

const FEED_ROWS = 100;
const CHART_WINDOW_SECONDS = 120;

export function mount(panel) {
  const rates = card("Events per second by type", { aside: "accepted, last 60 s" });
  const ratesCanvas = chartBox("Events accepted per second by event type over the last 60 seconds");
  rates.body.append(ratesCanvas.box);

  const hits = card("Cache hit rate", { aside: "per poll and since start" });
  const hitsCanvas = chartBox("Recommendation cache hit rate over the last two minutes");
  hits.body.append(hitsCanvas.box);

  const latency = card("Recommend latency", { aside: "p50 / p95 / p99 over the last minute" });
  const latencyCanvas = chartBox("Recommend latency percentiles over the last two minutes");
  latency.body.append(latencyCanvas.box);

  const feed = card("Live event feed", { aside: "GET /events/recent, every second" });
  feed.el.id = "live-feed";
  const pause = h("input", { type: "checkbox", id: "feed-pause" });
  const feedNote = h("div", { class: "hint", id: "feed-note" }, "Waiting for events… send one below or start a crowd.");
  const feedBody = h("tbody", { id: "feed-rows" });
  feed.body.append(h("div", { class: "row" }, h("label", { class: "check" }, pause, "pause"), feedNote),
    h("div", { class: "table-scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Time"), h("th", {}, "User"), h("th", {}, "Type"), h("th", {}, "Item"),
        h("th", { class: "num" }, "Rating"), h("th", { class: "hide-narrow" }, "From a list"), h("th", { class: "hide-narrow" }, "Source"))),
      feedBody)));

  const status = card("System status", { aside: "GET /metrics/realtime" });
  status.el.id = "system-status";
  const statusStats = h("dl", { class: "kv", id: "status-figures" });
  const statusComponents = h("div", { class: "components" });
  status.body.append(statusStats, h("h3", {}, "Components"), statusComponents);

  const activity = activityViewer();
  const sim = simulator((userId) => activity.load(userId));

  panel.append(
    h("div", { class: "grid" }, rates.el, hits.el, latency.el),
    h("div", { class: "grid feed-row" }, feed.el, status.el),
    h("div", { class: "grid two" }, sim.el, activity.el));

  let ratesChart = null;
  const hitsChart = new TimeSeries("realtime-hit-rate", hitsCanvas.canvas, {
    yTitle: "hit rate (%)", windowSeconds: CHART_WINDOW_SECONDS, yMax: 100, format: (v) => `${Number(v).toFixed(0)}%`,
    series: [{ label: "each second", color: COLORS.interval }, { label: "since start", color: COLORS.cumulative, dash: [5, 4] }],
  });
  const latencyChart = new TimeSeries("realtime-latency", latencyCanvas.canvas, {
    yTitle: "latency (ms)", windowSeconds: CHART_WINDOW_SECONDS,
    series: [{ label: "p50", color: COLORS.p50 }, { label: "p95", color: COLORS.p95, dash: [6, 3] }, { label: "p99", color: COLORS.p99 }],
  });

  let previousCache = null;
  realtime.subscribe((data, error) => {
    showError(status.error, error && new Error(`Cannot read the live figures: ${error.message}`));
    status.aside.textContent = error && data ? `last known state, from ${fmt.time(data.timestamp)}` : "GET /metrics/realtime";
    [rates.el, hits.el, latency.el, status.el].forEach((el) => el.classList.toggle("stale", Boolean(error)));
    if (!data || error) return;
    const byType = (data.events && data.events.by_type) || {};
    const types = Object.keys(byType);
    if (!ratesChart) {
      ratesChart = new RecentSeconds("realtime-events-by-type", ratesCanvas.canvas, {
        yTitle: "events / s", series: types.map((t) => ({ label: t.replaceAll("_", " "), color: COLORS[t] || "#888" })),
      });
    }
    ratesChart.set(types.map((t) => byType[t].last_60_seconds || []));

    const c = data.cache || {};
    let interval = null;
    if (previousCache) {
      const dh = c.hits - previousCache.hits;
      const dm = c.misses - previousCache.misses;
      interval = dh + dm > 0 ? (100 * dh) / (dh + dm) : null;
    }
    previousCache = c;
    hitsChart.push(Date.now(), [interval, c.hits + c.misses > 0 ? 100 * c.hit_rate : null]);

    const l = data.recommend_latency || {};
    latencyChart.push(Date.now(), l.p99 > 0 ? [l.p50, l.p95, l.p99] : [null, null, null]);

    renderStatus(statusStats, data);
    renderComponents(statusComponents, data.components || []);
  });

  const feedPoller = new Poller(async () => api(`/events/recent?limit=${FEED_ROWS}&after=${feedPoller.latest || 0}`), 1000);
  feedPoller.subscribe((page, error) => {
    showError(feed.error, error);
    feed.el.classList.toggle("stale", Boolean(error));
    if (!page || error) return;
    const firstPage = feedPoller.latest === undefined;
    feedPoller.latest = page.latest_seq;
    if (pause.checked || !page.events.length) return;
    const rows = page.events.map((e) => feedRow(e, (userId) => activity.load(userId), !firstPage));
    feedBody.prepend(...rows);
    while (feedBody.children.length > FEED_ROWS) feedBody.lastElementChild.remove();
    replace(feedNote, `${fmt.int(page.latest_seq)} events acknowledged by this instance since it started` +
      (page.missed ? ` · ${fmt.int(page.missed)} arrived too fast to list` : ""));
  });
  feedPoller.start();
  return { show: () => sim.show(), hide: () => sim.hide() };
}

function feedRow(e, openUser, fresh) {
  return h("tr", { class: fresh ? "fresh" : "", dataset: { eventId: e.event_id, seq: e.seq } },
    h("td", { class: "mono nowrap", title: `happened ${e.timestamp}, acknowledged ${e.acknowledged_at}` }, fmt.time(e.acknowledged_at)),
    h("td", {}, h("button", { class: "link", type: "button", title: "Show this user's activity", onclick: () => openUser(e.user_id) }, e.user_id)),
    h("td", {}, h("span", { class: "badge" }, e.event_type)),
    h("td", {}, h("div", {}, e.title || e.item_id), h("div", { class: "sub mono" }, e.item_id)),
    h("td", { class: "num" }, e.rating === null || e.rating === undefined ? "" : e.rating),
    h("td", { class: "hide-narrow", title: e.recommendation_id || "" }, e.recommendation_id ? "yes" : ""),
    h("td", { class: "hide-narrow sub" }, e.source || ""));
}

function renderStatus(container, data) {
  const figure = (name, value, meaning) => [h("dt", { title: meaning }, name), h("dd", { title: meaning }, value)];
  const ingest = (data.components || []).find((c) => c.component === "ingest");
  const c = data.cache || {};
  const f = data.freshness || {};
  const commit = data.ingest_commit_latency || {};
  replace(container,
    figure("overall", statusBadge(data.status)),
    figure("uptime", fmt.duration(data.uptime_seconds)),
    figure("events/s", `${fmt.num(data.events.per_second_1m, 2)} (1 min) · ${fmt.num(data.events.per_second_5m, 2)} (5 min)`),
    figure("ingest queue", ingest ? `${fmt.int(ingest.details.queued_events)} of ${fmt.int(ingest.details.capacity)} events` : "–"),
    figure("group commit", `p50 ${fmt.ms(commit.p50)} · p99 ${fmt.ms(commit.p99)}`,
      "Time to write one batch of events durably, over the last minute"),
    figure("freshness", f.count ? `p50 ${fmt.ms(f.p50)} · p99 ${fmt.ms(f.p99)} (event acknowledged → new list)` : "no data yet",
      "From an event's acknowledgement to the next list for its user that reflects it, over the last minute"),
    figure("cache", `${c.backend} · ${fmt.int(c.size)} lists · ${fmt.int(c.hits)} hits / ${fmt.int(c.misses)} misses`,
      "Recommendation lists kept in the cache; a hit is a list served from it"));
}
