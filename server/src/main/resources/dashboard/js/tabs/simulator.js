// The event simulator: send one event by hand, or start and stop a simulated crowd (the engine of
// `brisk simulate`, run by the service through POST /simulator/start).

import { api } from "../api.js";
import { card, fmt, h, replace, showError, statusBadge } from "../dom.js";
import { Poller } from "../live.js";

const TYPES = ["view", "click", "rating", "purchase", "add_to_cart", "like", "dislike", "impression"];

export function simulator(onSent) {
  const c = card("Event simulator");
  c.el.id = "simulator";

  // One event by hand.
  const user = h("input", { id: "sim-user", value: "dashboard-user", autocomplete: "off", size: 14 });
  const item = h("input", { id: "sim-item", list: "sim-items", placeholder: "item id", autocomplete: "off", size: 10 });
  const items = h("datalist", { id: "sim-items" });
  const type = h("select", { id: "sim-type" }, TYPES.map((t) => h("option", { value: t }, t)));
  const rating = h("input", { id: "sim-rating", type: "number", min: 0.5, max: 5, step: 0.5, value: 4, disabled: true });
  const send = h("button", { class: "primary", type: "submit", id: "sim-send" }, "Send event");
  const sent = h("div", { class: "ok-line", id: "sim-result", role: "status" });
  const sendError = h("div", { class: "error", role: "alert", hidden: true });
  const oneForm = h("form", { class: "inline", id: "sim-form" },
    h("label", {}, "User", user), h("label", {}, "Item", item), items,
    h("label", {}, "Type", type), h("label", {}, "Rating", rating), send);
  type.addEventListener("change", () => { rating.disabled = type.value !== "rating"; });
  oneForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(sendError, null);
    sent.textContent = "";
    const body = { user_id: user.value.trim(), item_id: item.value.trim(), event_type: type.value, source: "dashboard" };
    if (type.value === "rating") body.rating = Number(rating.value);
    send.disabled = true;
    const started = performance.now();
    try {
      const answer = await api("/events", { method: "POST", body });
      const took = performance.now() - started;
      sent.textContent = answer.accepted
        ? `Stored ${body.event_type} of ${body.item_id} by ${body.user_id} as event ${answer.event_id} (acknowledged in ${fmt.ms(took)}).`
        : `Already stored (duplicate event id ${answer.event_id}).`;
      onSent(body.user_id);
    } catch (e) {
      showError(sendError, e);
    } finally {
      send.disabled = false;
    }
  });
  loadItems(items, item, sendError);

  // A crowd.
  const users = h("input", { id: "crowd-users", type: "number", min: 1, max: 200, value: 20 });
  const rate = h("input", { id: "crowd-rate", type: "number", min: 0.1, max: 200, step: 0.1, value: 10 });
  const duration = h("input", { id: "crowd-duration", type: "number", min: 1, max: 600, value: 60 });
  const clicks = h("input", { id: "crowd-clicks", placeholder: "e.g. als=0.4, popular=0.1", size: 22, autocomplete: "off",
    title: "Per model, the chance that a step on a list of that model is a click (0-0.8; 0.25 for models not named). "
      + "Lists served for an experiment count as their variant's model." });
  const start = h("button", { class: "primary", type: "submit", id: "crowd-start" }, "Start crowd");
  const stop = h("button", { class: "secondary", type: "button", id: "crowd-stop", disabled: true }, "Stop");
  const crowdError = h("div", { class: "error", role: "alert", hidden: true });
  const crowdStatus = h("div", { id: "crowd-status" }, h("p", { class: "hint" }, "No crowd has run since the service started."));
  const crowdForm = h("form", { class: "inline", id: "crowd-form" },
    h("label", {}, "Users", users), h("label", {}, "Events / s", rate), h("label", {}, "Duration (s)", duration),
    h("label", {}, "Click probability per model", clicks), start, stop);

  c.body.append(h("h3", {}, "Send one event"), oneForm, sendError, sent,
    h("h3", {}, "Simulated crowd"),
    h("p", { class: "hint" }, "Users sim-u1…sim-uN in sessions: they ask for recommendations, view, click on listed items "
      + "(with the list's recommendation_id), rate and buy. At most 200 users, 200 events/s and 600 s; it stops by itself."),
    crowdForm, crowdError, crowdStatus);

  const poller = new Poller(() => api("/simulator"), 1000);
  poller.subscribe((status, error) => {
    showError(crowdError, error);
    if (!status || error) return;
    start.disabled = status.running;
    stop.disabled = !status.running;
    renderRun(crowdStatus, status.run);
  });

  crowdForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(crowdError, null);
    start.disabled = true;
    try {
      const body = { users: Number(users.value), events_per_second: Number(rate.value), duration_seconds: Number(duration.value) };
      const preferences = clickProbabilities(clicks.value);
      if (Object.keys(preferences).length) body.click_probabilities = preferences;
      await api("/simulator/start", { method: "POST", body });
    } catch (e) {
      showError(crowdError, e);
    }
    poller.tick();
  });
  stop.addEventListener("click", async () => {
    showError(crowdError, null);
    stop.disabled = true;
    try {
      await api("/simulator/stop", { method: "POST" });
    } catch (e) {
      showError(crowdError, e);
    }
    poller.tick();
  });

  let visible = false;
  poller.tick();
  // Poll while the tab is shown, or while a crowd runs (so its end shows when coming back).
  setInterval(() => {
    if (visible || (poller.data && poller.data.running)) poller.tick();
  }, 1000);
  return { el: c.el, show: () => { visible = true; poller.tick(); }, hide: () => { visible = false; } };
}

/** "als=0.4, popular=0.1" as {als: 0.4, popular: 0.1}; the service says what is wrong with a bad entry. */
function clickProbabilities(text) {
  const out = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [model, value] = part.split("=").map((p) => p.trim());
    out[model] = value === undefined || value === "" ? NaN : Number(value);
  }
  return out;
}

async function loadItems(datalist, input, errorSlot) {
  try {
    const answer = await api("/popular?n=50");
    const list = answer.items || [];
    replace(datalist, list.map((i) => h("option", { value: i.item_id }, i.title || i.item_id)));
    if (!input.value && list.length) input.value = list[0].item_id;
  } catch (e) {
    showError(errorSlot, new Error(`Cannot read popular items for the item list: ${e.message}`));
  }
}

function renderRun(container, run) {
  if (!run) return;
  const plan = run.plan || {};
  const fraction = plan.duration_seconds ? Math.min(1, run.elapsed_seconds / plan.duration_seconds) : 0;
  const e = run.events || {};
  const endpoints = Object.entries(run.endpoints || {});
  replace(container,
    h("div", { class: "result-head" }, statusBadge(run.state),
      h("span", {}, `${plan.users} users at ${fmt.num(plan.events_per_second)} events/s`),
      h("span", { class: "sub" }, `${fmt.num(run.elapsed_seconds, 0)} of ${fmt.num(plan.duration_seconds, 0)} s`
        + (run.end_reason ? ` · ended: ${run.end_reason}` : "")),
      h("span", { class: "sub mono" }, `run ${run.run_id}`)),
    h("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Math.round(fraction * 100) },
      h("div", { style: `width: ${(fraction * 100).toFixed(1)}%` })),
    run.failure ? h("div", { class: "error" }, run.failure) : null,
    h("dl", { class: "kv" },
      h("dt", {}, "events"), h("dd", { id: "crowd-events" }, `${fmt.int(e.sent)} sent · ${fmt.int(e.accepted)} accepted · ${fmt.int(e.failed)} failed · ${fmt.num(run.events_per_second)} /s`),
      h("dt", {}, "from lists"), h("dd", {}, `${fmt.int(e.with_recommendation_id)} events carried a recommendation_id`),
      h("dt", {}, "recommendations"), h("dd", {}, `${fmt.int(run.recommendation_lists)} lists`),
      h("dt", {}, "errors"), h("dd", {}, run.errors ? `${fmt.int(run.errors)} of ${fmt.int(run.requests)} requests` : `none of ${fmt.int(run.requests)} requests`)),
    endpoints.length ? h("div", { class: "table-scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Endpoint"), h("th", { class: "num" }, "Requests"), h("th", { class: "num" }, "per s"), h("th", { class: "num" }, "p50"),
        h("th", { class: "num" }, "p99"), h("th", {}, "Errors"))),
      h("tbody", {}, endpoints.map(([name, p]) => h("tr", {},
        h("td", { class: "mono" }, name), h("td", { class: "num" }, fmt.int(p.requests)), h("td", { class: "num" }, fmt.num(p.requests_per_second)),
        h("td", { class: "num" }, fmt.ms(p.latency_ms.p50)), h("td", { class: "num" }, fmt.ms(p.latency_ms.p99)),
        h("td", {}, Object.entries(p.errors || {}).map(([k, n]) => `${k}: ${n}`).join(", ") || "–")))))) : null);
}
