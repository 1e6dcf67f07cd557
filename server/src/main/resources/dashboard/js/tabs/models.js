// Models: each served model's version, training time and data, offline metrics where the API
// reports them, and a retrain button that follows the run to its end.

import { api } from "../api.js";
import { card, fmt, h, replace, showError, statusBadge } from "../dom.js";
import { Poller } from "../live.js";

const KNOWN = new Set(["type", "state", "default", "version", "trained_at", "training_ms", "users", "items", "interactions", "parameters", "progress"]);

/** A training run's progress as a fraction, when the API gives one: 0.4, or {phase, done, total}. */
function fractionOf(progress) {
  if (typeof progress === "number") return { fraction: progress, label: `${Math.round(progress * 100)}%` };
  if (progress && typeof progress === "object" && progress.total > 0) {
    return { fraction: progress.done / progress.total, label: `${progress.phase || ""} ${progress.done} of ${progress.total}`.trim() };
  }
  return null;
}

export function mount(panel) {
  const c = card("Models", { aside: "GET /models" });
  c.el.id = "models";
  const list = h("div", { id: "model-list", class: "columns" }, h("p", { class: "hint" }, "Loading…"));
  c.body.append(list);
  panel.append(c.el);

  const training = new Map(); // type -> {startedAt, fromVersion}
  let visible = false;
  const poller = new Poller(() => api("/models"), 1000);
  poller.subscribe((answer, error) => {
    showError(c.error, error);
    c.el.classList.toggle("stale", Boolean(error));
    if (!answer || error) return;
    replace(list, (answer.models || []).map((m) => modelCard(m, training, retrain)));
    if (!(answer.models || []).length) list.append(h("p", { class: "hint" }, "No models are served."));
  });

  async function retrain(type) {
    showError(c.error, null);
    const before = ((poller.data && poller.data.models) || []).find((m) => m.type === type);
    training.set(type, { startedAt: Date.now(), fromVersion: before && before.version, message: "starting…" });
    try {
      const answer = await api(`/models/${encodeURIComponent(type)}/train`, { method: "POST" });
      training.get(type).message = answer.message;
    } catch (e) {
      training.delete(type);
      showError(c.error, e);
    }
    poller.tick();
  }

  setInterval(() => {
    if (visible || training.size) poller.tick();
  }, 1000);
  poller.tick();
  return { show: () => { visible = true; poller.tick(); }, hide: () => { visible = false; } };
}

function modelCard(m, training, retrain) {
  const run = training.get(m.type);
  let progress = null;
  if (run) {
    const done = run.doneAt || (m.state !== "training" && (m.version !== run.fromVersion || Date.now() - run.startedAt > 3000));
    if (done) {
      // The outcome stays in view for a while after the run, then the card is back to normal.
      run.doneAt = run.doneAt || Date.now();
      run.outcome = run.outcome || (m.state === "failed"
        ? { cls: "error", text: `Training failed after ${fmt.num((run.doneAt - run.startedAt) / 1000)} s; the previous version keeps serving.` }
        : { cls: "ok-line", text: `Trained: version ${m.version} in ${fmt.int(m.training_ms)} ms (${fmt.num((run.doneAt - run.startedAt) / 1000)} s from the click).` });
      if (Date.now() - run.doneAt > 20000) training.delete(m.type);
      progress = h("div", { class: run.outcome.cls + " train-outcome" }, run.outcome.text);
    } else {
      const elapsed = (Date.now() - run.startedAt) / 1000;
      const known = fractionOf(m.progress);
      progress = h("div", { class: "training" },
        h("div", { class: "sub" }, `${run.message} · ${m.state}${known ? " · " + known.label : ""} · ${fmt.num(elapsed, 0)} s`),
        h("div", { class: "progress" + (known ? "" : " indeterminate"), role: "progressbar" },
          h("div", { style: known ? `width: ${(known.fraction * 100).toFixed(0)}%` : "" })));
    }
  }
  if (!run && m.state === "training") {
    // A run started elsewhere (on a schedule, after enough events, or by another operator).
    const known = fractionOf(m.progress);
    progress = h("div", { class: "training" }, h("div", { class: "sub" }, `training in the background${known ? " · " + known.label : ""}`),
      h("div", { class: "progress" + (known ? "" : " indeterminate"), role: "progressbar" },
        h("div", { style: known ? `width: ${(known.fraction * 100).toFixed(0)}%` : "" })));
  }
  const extra = Object.entries(m).filter(([k]) => !KNOWN.has(k));
  const metrics = extra.filter(([k, v]) => /metric|eval/i.test(k) && v && typeof v === "object");
  const other = extra.filter(([k]) => !metrics.some(([mk]) => mk === k));
  return h("div", { class: "card model", dataset: { model: m.type } },
    h("h2", {}, m.type, statusBadge(m.state), m.default ? h("span", { class: "badge cached" }, "default") : null,
      h("span", { class: "aside" }, h("button", { class: "secondary", type: "button", disabled: Boolean(run && !run.doneAt) || m.state === "training",
        onclick: () => retrain(m.type) }, "Retrain"))),
    progress,
    h("dl", { class: "kv" },
      h("dt", {}, "version"), h("dd", { class: "mono" }, m.version || "not trained yet"),
      h("dt", {}, "trained"), h("dd", {}, m.trained_at ? `${fmt.dateTime(m.trained_at)} (${fmt.ago(m.trained_at)})` : "–"),
      h("dt", {}, "training time"), h("dd", {}, m.training_ms === undefined ? "–" : `${fmt.int(m.training_ms)} ms`),
      h("dt", {}, "trained on"), h("dd", {}, m.interactions === undefined ? "–"
        : `${fmt.int(m.interactions)} interactions of ${fmt.int(m.users)} users on ${fmt.int(m.items)} items`),
      other.map(([k, v]) => [h("dt", {}, k.replaceAll("_", " ")), h("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))])),
    h("h3", {}, "Offline metrics"),
    metrics.length ? metrics.map(([k, v]) => metricsTable(k, v))
      : h("p", { class: "hint" }, "GET /models reports no offline evaluation for this model."),
    m.parameters ? h("details", {}, h("summary", {}, "parameters"), h("pre", { class: "json" }, JSON.stringify(m.parameters, null, 2))) : null);
}

function metricsTable(name, value) {
  const rows = Object.entries(value);
  const flat = rows.every(([, v]) => typeof v !== "object" || v === null);
  if (!flat) return h("details", { open: true }, h("summary", {}, name), h("pre", { class: "json" }, JSON.stringify(value, null, 2)));
  return h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, name.replaceAll("_", " ")), h("th", { class: "num" }, "value"))),
    h("tbody", {}, rows.map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", { class: "num" }, typeof v === "number" ? fmt.num(v, 4) : String(v))))));
}
