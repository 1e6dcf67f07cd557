// The dashboard's entry point: tabs (kept in the URL's #fragment), the connection indicator and
// the live polling that every tab shares.

import { realtime } from "./live.js";
import { fmt, replace, h } from "./dom.js";
import * as overview from "./tabs/overview.js";
import * as recommendations from "./tabs/recommendations.js";
import * as realtimeTab from "./tabs/realtime.js";
import * as models from "./tabs/models.js";
import * as experiments from "./tabs/experiments.js";

const TABS = { overview, recommendations, realtime: realtimeTab, models, experiments };
const views = {};

function select(name) {
  if (!TABS[name]) name = "overview";
  for (const key of Object.keys(TABS)) {
    const active = key === name;
    document.getElementById(`panel-${key}`).hidden = !active;
    const button = document.getElementById(`tab-${key}`);
    button.setAttribute("aria-selected", String(active));
    button.tabIndex = active ? 0 : -1;
    if (active && views[key] && views[key].show) views[key].show();
    if (!active && views[key] && views[key].hide) views[key].hide();
  }
}

function connection() {
  const el = document.getElementById("connection");
  realtime.subscribe((data, error) => {
    if (error) {
      replace(el, h("span", { class: "dot down" }), h("span", { class: "label", title: error.message },
        error.status ? `API error (HTTP ${error.status})` : "API unreachable"));
      return;
    }
    replace(el, h("span", { class: `dot ${data.status}` }),
      h("span", { class: "label" }, `${data.status} · up ${fmt.duration(data.uptime_seconds)} · ${fmt.time(data.timestamp)}`));
  });
}

function start() {
  for (const [name, tab] of Object.entries(TABS)) {
    views[name] = tab.mount(document.getElementById(`panel-${name}`));
  }
  document.querySelectorAll(".tabs button").forEach((button) => {
    button.addEventListener("click", () => {
      history.replaceState(null, "", `#${button.dataset.tab}`);
      select(button.dataset.tab);
    });
  });
  window.addEventListener("hashchange", () => select(location.hash.slice(1)));
  connection();
  realtime.start();
  select(location.hash.slice(1));
}

if (!window.Chart) {
  document.querySelector("main").prepend(h("div", { class: "error", role: "alert" },
    "The chart library (vendor/chart.umd.min.js) did not load; charts cannot be drawn."));
}
start();
