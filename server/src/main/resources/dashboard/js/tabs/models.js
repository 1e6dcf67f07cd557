// Models: every served model in one table (state, version, training, data, retrain), their offline
// metrics side by side, which instance trains, and the training history as a chart.

import { api } from "../api.js";
import { card, fmt, h, replace, showError, statusBadge } from "../dom.js";
import { Poller } from "../live.js";
import { COLORS, CategoryChart, chartBox } from "../charts.js";

const METRICS = ["precision", "recall", "ndcg", "hit_rate", "coverage"];
const METRIC_MEANING = {
  precision: "Of the k items recommended, the share the user went on to interact with.",
  recall: "Of the items the user went on to interact with, the share found in the top k.",
  ndcg: "Normalised discounted cumulative gain: like recall, but hits near the top count more (1 is a perfect order).",
  hit_rate: "The share of users with at least one hit in their top k.",
  coverage: "The share of the catalog that appears in anyone's top k: how far beyond the best sellers a model reaches.",
};
const HISTORY_RUNS = 50;
/** The models whose parameters are unfolded, kept across redraws. */
const openParameters = new Set();

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
  const trainer = h("div", { id: "model-trainer", class: "trainer-line" });
  const table = h("div", { id: "model-list", class: "table-scroll tall" }, h("p", { class: "hint" }, "Loading…"));
  c.body.append(trainer, table);

  const m = card("Offline metrics, model against model", { aside: "validation split of each model's latest training run" });
  m.el.id = "model-metrics";
  const metricsBody = h("div", {});
  m.body.append(metricsBody);

  const hist = card("Training history", { aside: "GET /models/history" });
  hist.el.id = "model-history";
  const historyCanvas = chartBox("Duration and data size of each stored training run");
  const historyNote = h("p", { class: "hint", id: "model-history-note" });
  hist.body.append(historyCanvas.box, historyNote);
  panel.append(c.el, m.el, hist.el);

  const historyChart = new CategoryChart("models-history", historyCanvas.canvas, {
    xTitle: "training run (finished at)", yTitle: "training time (s)", y2Title: "interactions",
    series: [
      { label: "training time (s)", color: COLORS.total, format: (v) => `${fmt.num(v, 2)} s` },
      { label: "interactions trained on", color: COLORS.click, type: "line", axis: "y2", format: fmt.int },
    ],
  });

  const training = new Map(); // type -> {startedAt, fromVersion, message, doneAt, outcome}
  let visible = false;
  let lastHistoryKey = "";
  let loadingHistory = false;
  const drawn = { state: "", at: 0 };
  const poller = new Poller(() => api("/models"), 1000);
  poller.subscribe((answer, error) => {
    showError(c.error, error);
    c.el.classList.toggle("stale", Boolean(error));
    if (!answer || error) return;
    const models = answer.models || [];
    // Redrawn when something changed, while a run is followed, or every 30 s (for "trained … ago"):
    // a table redrawn every second would take a button away from under the pointer.
    const state = JSON.stringify(answer);
    if (state !== drawn.state || training.size || Date.now() - drawn.at > 30000) {
      drawn.state = state;
      drawn.at = Date.now();
      replace(trainer, trainerLine(answer));
      replace(table, models.length ? modelTable(models, training, retrain) : h("p", { class: "hint" }, "No models are served."));
      replace(metricsBody, metricsTable(models));
    }
    // The history changes only when a run finished: read it again then, and until the run that
    // published the newest version is stored (a model serves a moment before its run is stored).
    const versions = models.map((x) => x.version).filter(Boolean);
    const key = versions.join(",");
    if (key !== lastHistoryKey && !loadingHistory) {
      lastHistoryKey = key;
      loadingHistory = true;
      loadHistory(historyChart, historyNote, hist.error).then((newest) => {
        loadingHistory = false;
        // Versions are training times (ISO-8601); one of a model that has no stored run yet is newer.
        const latest = Math.max(...versions.map((v) => Date.parse(v)).filter((t) => !Number.isNaN(t)));
        if (newest !== undefined && (newest === "" || Date.parse(newest) < latest)) {
          setTimeout(() => { lastHistoryKey = ""; }, 3000);
        }
      });
    }
  });

  async function retrain(type) {
    showError(c.error, null);
    const before = ((poller.data && poller.data.models) || []).find((x) => x.type === type);
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

function trainerLine(answer) {
  const t = answer.trainer || {};
  const last = answer.last_run || {};
  const who = t.training_instance
    ? h("span", {}, "Trained by ", h("b", { class: "mono", id: "model-training-instance" }, t.training_instance),
      t.trains ? " (this instance)" : ` — this instance (${t.this_instance}) serves the versions it stores`)
    : h("span", {}, "No instance holds the trainer's lease yet.");
  const schedule = t.schedule
    ? `Retrains every ${fmt.duration(t.schedule.interval_seconds)} with new events, or after ${fmt.int(t.schedule.after_events)} of them`
    : "";
  return [
    h("span", { title: "One instance per database holds the trainer's lease and trains; every instance serves the models it stores." }, who),
    schedule ? h("span", { class: "sub" }, schedule) : null,
    h("span", { class: "sub" }, `${fmt.int(answer.events_since_training)} events since the last run`),
    last.took_ms !== undefined ? h("span", { class: "sub" },
      `last run: ${(last.types || []).join(", ")} in ${fmt.int(last.took_ms)} ms, ${fmt.ago(last.started_at)}`) : null,
  ];
}

function modelTable(models, training, retrain) {
  return h("table", { id: "model-table" },
    h("thead", {}, h("tr", {},
      h("th", {}, "Model"), h("th", {}, "State"), h("th", {}, "Version"), h("th", {}, "Trained"),
      h("th", { class: "num", title: "How long its last training run took" }, "Training time"),
      h("th", { class: "num" }, "Interactions"), h("th", { class: "num" }, "Users"), h("th", { class: "num" }, "Items"),
      h("th", {}, ""))),
    h("tbody", {}, models.flatMap((m) => modelRows(m, training, retrain))));
}

function modelRows(m, training, retrain) {
  const progress = progressOf(m, training);
  const busy = Boolean(training.get(m.type) && !training.get(m.type).doneAt) || m.state === "training";
  const row = h("tr", { class: "model", dataset: { model: m.type } },
    h("td", { class: "nowrap" }, h("b", {}, m.type), " ", m.default ? h("span", { class: "badge cached", title: "GET /recommend uses it when no model is named" }, "default") : null),
    h("td", {}, statusBadge(m.state), m.queued ? h("span", { class: "sub" }, " queued") : null),
    h("td", { class: "mono" }, m.version || "not trained yet"),
    h("td", { class: "nowrap", title: m.trained_at ? fmt.dateTime(m.trained_at) : "" }, m.trained_at ? fmt.ago(m.trained_at) : "–"),
    h("td", { class: "num" }, m.training_ms === undefined ? "–" : `${fmt.int(m.training_ms)} ms`),
    h("td", { class: "num" }, fmt.int(m.interactions)),
    h("td", { class: "num" }, fmt.int(m.users)),
    h("td", { class: "num" }, fmt.int(m.items)),
    h("td", { class: "num" }, h("button", { class: "secondary retrain", type: "button", disabled: busy,
      title: m.type === "hybrid" ? "Retrains the hybrid and its parts (als, item_knn, content)" : `Retrains ${m.type} now`,
      onclick: () => retrain(m.type) }, "Retrain")));
  const rows = [row];
  if (progress) rows.push(h("tr", { class: "model-progress", dataset: { model: m.type } }, h("td", { colspan: 9 }, progress)));
  if (m.parameters) {
    const { offline_metrics: ignored, ...parameters } = m.parameters;
    rows.push(h("tr", { class: "model-parameters" }, h("td", { colspan: 9 },
      h("details", { open: openParameters.has(m.type), ontoggle: (e) => (e.target.open ? openParameters.add(m.type) : openParameters.delete(m.type)) },
        h("summary", {}, `${m.type} parameters`), h("pre", { class: "json" }, JSON.stringify(parameters, null, 2))))));
  }
  return rows;
}

/** The line under a model while it trains, and its outcome for a while after. */
function progressOf(m, training) {
  const run = training.get(m.type);
  if (run) {
    const done = run.doneAt || (m.state !== "training" && (m.version !== run.fromVersion || Date.now() - run.startedAt > 3000));
    if (done) {
      run.doneAt = run.doneAt || Date.now();
      run.outcome = run.outcome || (m.state === "failed"
        ? { cls: "error", text: `Training failed after ${fmt.num((run.doneAt - run.startedAt) / 1000)} s; the previous version keeps serving.` }
        : { cls: "ok-line", text: `Trained: version ${m.version} in ${fmt.int(m.training_ms)} ms (${fmt.num((run.doneAt - run.startedAt) / 1000)} s from the click).` });
      if (Date.now() - run.doneAt > 20000) training.delete(m.type);
      return h("div", { class: run.outcome.cls + " train-outcome" }, run.outcome.text);
    }
    const known = fractionOf(m.progress);
    return progressBar(`${run.message} · ${m.state}${known ? " · " + known.label : ""} · ${fmt.num((Date.now() - run.startedAt) / 1000, 0)} s`, known);
  }
  if (m.state === "training") {
    // A run started elsewhere (on a schedule, after enough events, or by another operator).
    const known = fractionOf(m.progress);
    return progressBar(`training in the background${known ? " · " + known.label : ""}`, known);
  }
  return null;
}

function progressBar(text, known) {
  return h("div", { class: "training" }, h("div", { class: "sub" }, text),
    h("div", { class: "progress" + (known ? "" : " indeterminate"), role: "progressbar" },
      h("div", { style: known ? `width: ${(known.fraction * 100).toFixed(0)}%` : "" })));
}

/** One row per model, one column per metric and cut-off; the best value of each column is marked. */
function metricsTable(models) {
  const withMetrics = models.filter((m) => m.offline_metrics && Object.keys(m.offline_metrics).length);
  const columns = [];
  for (const metric of METRICS) {
    for (const m of withMetrics) {
      for (const key of Object.keys(m.offline_metrics)) {
        if (key.startsWith(metric + "@") && !columns.includes(key)) columns.push(key);
      }
    }
  }
  const best = {};
  for (const key of columns) best[key] = Math.max(...withMetrics.map((m) => Number(m.offline_metrics[key]) || 0));
  const split = withMetrics.map((m) => m.offline_metrics.split).find(Boolean);
  const rows = models.map((m) => {
    const om = m.offline_metrics || {};
    const has = Object.keys(om).length > 0;
    return h("tr", { dataset: { model: m.type } },
      h("td", { class: "nowrap" }, h("b", {}, m.type)),
      has ? columns.map((key) => h("td", { class: "num" + (om[key] === best[key] && best[key] > 0 ? " best" : "") },
        om[key] === undefined ? "–" : fmt.num(om[key], 4)))
        : h("td", { colspan: columns.length || 1, class: "sub" }, "no offline evaluation yet (too few users to hold some out)"),
      h("td", { class: "num" }, has ? fmt.int(om.users) : "–"));
  });
  return [
    h("table", { id: "model-metrics-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "Model"),
        columns.map((key) => h("th", { class: "num", title: METRIC_MEANING[key.split("@")[0]] + ` (k = ${key.split("@")[1]})` }, key)),
        h("th", { class: "num", title: "Users held out for validation" }, "users"))),
      h("tbody", {}, rows)),
    h("p", { class: "hint" }, "Higher is better; the best of each column is marked. Hover a heading for what it measures. ",
      split ? `Split — ${split}.` : "", " brisk evaluate compares the models on a chronological split from the command line."),
  ];
}

async function loadHistory(chart, note, errorSlot) {
  try {
    const answer = await api(`/models/history?limit=${HISTORY_RUNS}`);
    const runs = (answer.runs || []).slice().reverse(); // oldest first, left to right
    chart.set(runs.map((r) => fmt.time(r.finished_at)),
      [runs.map((r) => r.training_ms / 1000), runs.map((r) => r.interactions)],
      runs.map((r) => [`version ${r.version}`, `models: ${r.models.join(", ")}`,
        `${fmt.int(r.users)} users · ${fmt.int(r.items)} items`, `trained by ${r.trained_by}`]));
    replace(note, runs.length
      ? `${runs.length} stored run${runs.length === 1 ? "" : "s"}, oldest on the left; hover a bar for its version, models and instance.`
      : "No training run has been stored yet.");
    showError(errorSlot, null);
    return runs.length ? runs[runs.length - 1].version : "";
  } catch (e) {
    showError(errorSlot, new Error(`Cannot read the training history: ${e.message}`));
    return undefined;
  }
}
