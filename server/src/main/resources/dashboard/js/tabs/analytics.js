// Analytics: what GET /analytics/engagement computes over a window — active users, the
// view → click → purchase funnel, click-through per model, top items and events per hour.

import { api } from "../api.js";
import { card, fmt, h, replace, showError } from "../dom.js";
import { COLORS, CategoryChart, chartBox } from "../charts.js";

const WINDOWS = [["1h", "last hour"], ["24h", "last 24 hours"], ["7d", "last 7 days"], ["30d", "last 30 days"],
  ["365d", "last year"], ["3650d", "all (10 years)"]];
const REFRESH_MS = 10000;

function stat(label, value, id, title) {
  return h("div", { class: "stat", title }, h("div", { class: "value", id }, value), h("div", { class: "label" }, label));
}

export function mount(panel) {
  const head = card("Engagement", { aside: "GET /analytics/engagement" });
  head.el.id = "analytics-head";
  const windowSelect = h("select", { id: "analytics-window" },
    WINDOWS.map(([value, label]) => h("option", { value, selected: value === "30d" }, label)));
  const stats = h("div", { class: "stats", id: "analytics-stats" });
  head.body.append(h("form", { class: "inline" }, h("label", {}, "Window", windowSelect),
    h("span", { class: "sub", id: "analytics-since" })), stats);

  const ctr = card("Click-through per model", { aside: "clicks on served lists ÷ items served" });
  ctr.el.id = "analytics-ctr";
  const ctrCanvas = chartBox("Click-through rate of each model's served lists");
  const ctrTable = h("div", { class: "table-scroll" });
  ctr.body.append(ctrCanvas.box, ctrTable);

  const funnel = card("Funnel: view → click → purchase", { aside: "distinct users at each step" });
  funnel.el.id = "analytics-funnel";
  const funnelCanvas = chartBox("Distinct users who viewed, clicked and purchased");
  const funnelTable = h("div", {});
  funnel.body.append(funnelCanvas.box, funnelTable);

  const top = card("Top items", { aside: "most events in the window" });
  top.el.id = "analytics-top";
  const topBody = h("div", { class: "table-scroll tall" });
  top.body.append(topBody);

  const hours = card("Events per hour");
  hours.el.id = "analytics-hours";
  const hoursCanvas = chartBox("Events stored per hour over the window");
  hours.body.append(hoursCanvas.box);

  panel.append(head.el, h("div", { class: "grid two" }, ctr.el, funnel.el), h("div", { class: "grid two" }, top.el, hours.el));

  const ctrChart = new CategoryChart("analytics-ctr", ctrCanvas.canvas, {
    xTitle: "model", yTitle: "click-through rate (%)", format: (v) => `${fmt.num(v, 2)}%`,
    series: [{ label: "click-through rate", color: COLORS.total }],
  });
  const funnelChart = new CategoryChart("analytics-funnel", funnelCanvas.canvas, {
    xTitle: "step", yTitle: "users", horizontal: true, format: fmt.int,
    series: [{ label: "users", color: COLORS.click }],
  });
  const hoursChart = new CategoryChart("analytics-hours", hoursCanvas.canvas, {
    xTitle: "hour (UTC)", yTitle: "events", format: fmt.int, series: [{ label: "events", color: COLORS.view }],
  });

  let visible = false;
  async function load() {
    try {
      const r = await api(`/analytics/engagement?window=${encodeURIComponent(windowSelect.value)}`);
      showError(head.error, null);
      render(r);
    } catch (e) {
      showError(head.error, e);
    }
  }

  function render(r) {
    const byType = r.events_by_type || {};
    const events = Object.values(byType).reduce((a, b) => a + b, 0);
    const steps = r.funnel || [];
    const bought = steps.find((s) => s.step === "purchase");
    const viewed = steps.find((s) => s.step === "view");
    replace(document.getElementById("analytics-since"), `since ${fmt.dateTime(r.since)}`);
    replace(stats,
      stat("active users", fmt.int(r.active_users), "analytics-active-users", "Distinct users with at least one event in the window"),
      stat("events", fmt.int(events), "analytics-events", Object.entries(byType).map(([t, n]) => `${t}: ${fmt.int(n)}`).join("\n")),
      stat("viewers who bought", viewed && viewed.users ? fmt.pct(bought.users / viewed.users) : "no views yet", "analytics-conversion",
        "Users who purchased ÷ users who viewed, in the window"),
      stat("lists served", fmt.int((r.click_through_by_model || []).reduce((a, m) => a + m.lists, 0)), "analytics-lists",
        "Recommendation lists served in the window (all models)"));

    const models = r.click_through_by_model || [];
    ctrChart.set(models.map((m) => m.model), [models.map((m) => 100 * m.click_through_rate)],
      models.map((m) => `${fmt.int(m.clicks)} clicks on ${fmt.int(m.items_served)} items served`));
    replace(ctrTable, models.length ? h("table", { id: "analytics-ctr-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "Model"), h("th", { class: "num" }, "Lists"), h("th", { class: "num" }, "Items served"),
        h("th", { class: "num" }, "Clicks"), h("th", { class: "num", title: "Clicks ÷ items served" }, "Click-through"))),
      h("tbody", {}, models.map((m) => h("tr", { dataset: { model: m.model } }, h("td", {}, m.model), h("td", { class: "num" }, fmt.int(m.lists)),
        h("td", { class: "num" }, fmt.int(m.items_served)), h("td", { class: "num" }, fmt.int(m.clicks)),
        h("td", { class: "num" }, fmt.pct(m.click_through_rate))))))
      : h("p", { class: "hint" }, "No recommendation lists were served in this window. A click counts when the event carries the list's request_id as recommendation_id."));

    funnelChart.set(steps.map((s) => s.step), [steps.map((s) => s.users)],
      steps.map((s) => (s.rate_from_previous === null ? "" : `${fmt.pct(s.rate_from_previous)} of the step before`)));
    replace(funnelTable, h("table", { id: "analytics-funnel-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "Step"), h("th", { class: "num" }, "Users"), h("th", { class: "num" }, "Of the step before"))),
      h("tbody", {}, steps.map((s) => h("tr", {}, h("td", {}, s.step), h("td", { class: "num" }, fmt.int(s.users)),
        h("td", { class: "num" }, s.rate_from_previous === null ? "" : s.rate_from_previous === 0 && !s.users ? "–" : fmt.pct(s.rate_from_previous)))))));

    const items = r.top_items || [];
    replace(topBody, items.length ? h("table", { id: "analytics-top-table" },
      h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, "Item"), h("th", { class: "num" }, "Events"))),
      h("tbody", {}, items.map((item, i) => h("tr", { dataset: { item: item.item_id } }, h("td", { class: "num" }, i + 1),
        h("td", {}, h("a", { href: `#browse/item/${encodeURIComponent(item.item_id)}` }, item.title || item.item_id),
          h("div", { class: "sub mono" }, item.item_id)),
        h("td", { class: "num" }, fmt.int(item.events))))))
      : h("p", { class: "hint" }, "No events in this window."));

    // Over more than three days, hours are summed per day: 720 bars of a month are unreadable.
    const perHour = r.events_by_hour || [];
    const daily = perHour.length > 72;
    const buckets = new Map();
    perHour.forEach((p) => {
      const key = daily ? p.hour.slice(0, 10) : hourLabel(p.hour, perHour.length);
      buckets.set(key, (buckets.get(key) || 0) + p.events);
    });
    hours.el.querySelector("h2").firstChild.textContent = daily ? "Events per day" : "Events per hour";
    hoursChart.chart.options.scales.x.title.text = daily ? "day (UTC)" : "hour (UTC)";
    hoursChart.set([...buckets.keys()], [[...buckets.values()]]);
  }

  windowSelect.addEventListener("change", load);
  setInterval(() => { if (visible) load(); }, REFRESH_MS);
  return { show: () => { visible = true; load(); }, hide: () => { visible = false; } };
}

function hourLabel(iso, count) {
  const d = new Date(iso);
  const time = `${String(d.getUTCHours()).padStart(2, "0")}:00`;
  return count > 24 ? `${d.toISOString().slice(5, 10)} ${time}` : time;
}
