// The dashboard's entry point: tabs (kept in the URL's #fragment, with a page inside a tab after
// a slash: #browse/user/u1), the connection indicator and the live polling that every tab shares.

import { realtime } from "./live.js";
import { api, session } from "./api.js";
import { fmt, replace, h } from "./dom.js";
import * as overview from "./tabs/overview.js";
import * as recommendations from "./tabs/recommendations.js";
import * as realtimeTab from "./tabs/realtime.js";
import * as models from "./tabs/models.js";
import * as experiments from "./tabs/experiments.js";
import * as analytics from "./tabs/analytics.js";
import * as browse from "./tabs/browse.js";

const TABS = { overview, recommendations, realtime: realtimeTab, models, analytics, browse, experiments };
const views = {};

function select(fragment) {
  let [name, ...route] = fragment.split("/");
  if (!TABS[name]) name = "overview";
  for (const key of Object.keys(TABS)) {
    const active = key === name;
    document.getElementById(`panel-${key}`).hidden = !active;
    const button = document.getElementById(`tab-${key}`);
    button.setAttribute("aria-selected", String(active));
    button.tabIndex = active ? 0 : -1;
    if (active && views[key] && views[key].show) views[key].show(route);
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

// Who this page is to the API (GET /access needs no key): open, logged in, or asked for a key.
async function access() {
  try {
    return await api("/access");
  } catch (e) {
    return null; // unreachable: the tabs show it
  }
}

function showSession(info) {
  const el = document.getElementById("session");
  if (!info) return replace(el);
  if (!info.keys_required) {
    return replace(el, h("span", { title: "No API key is configured: the API is open, so Brisk listens on loopback"
      + " unless BRISK_ALLOW_OPEN is set. Create a key with brisk keys create." }, "open · no API keys"));
  }
  replace(el, h("span", { id: "logged-in" }, `logged in · ${info.key_name || info.key_id}`),
    h("button", { class: "link", type: "button", id: "logout", onclick: () => { session.logOut(); location.reload(); } },
      "Log out"));
}

function askForKey(message) {
  document.querySelector("main").hidden = true;
  const login = document.getElementById("login");
  login.hidden = false;
  const error = document.getElementById("login-error");
  error.hidden = !message;
  error.textContent = message || "";
  const input = document.getElementById("login-key");
  input.focus();
  document.getElementById("login-form").onsubmit = async (event) => {
    event.preventDefault();
    session.logIn(input.value.trim());
    const info = await access();
    if (info && info.authenticated && info.role === "admin") {
      location.reload();
      return;
    }
    session.logOut();
    askForKey(info && info.authenticated ? "This key does not have the admin role the dashboard needs."
      : "That key is not valid.");
  };
}

async function boot() {
  const info = await access();
  if (info && info.keys_required && !(info.authenticated && info.role === "admin")) {
    if (session.key()) session.logOut();
    askForKey("");
    return;
  }
  showSession(info);
  window.addEventListener("brisk:unauthorized", () => { session.logOut(); askForKey("Your key is no longer valid."); },
    { once: true });
  start();
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
boot();
