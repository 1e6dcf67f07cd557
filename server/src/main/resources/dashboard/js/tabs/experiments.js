// Experiments: the A/B experiments of this Brisk, a form to start one (models and weights), a stop
// button, and a live view of the selected one: per-variant click-through rate and conversion with
// their user-level 95% intervals over time, the lift, the p-values, the sample-ratio check and the
// verdict, all as GET /experiments/{id}/results and /timeline compute them. Nothing is made up.

import { api } from "../api.js";
import { card, fmt, h, replace, showError, statusBadge } from "../dom.js";
import { registry } from "../charts.js";

const PALETTE = ["#1f4fd1", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const Chart = window.Chart;

export function mount(panel) {
  const list = card("A/B experiments", { aside: "GET /experiments" });
  list.el.id = "experiments";
  const listBody = h("div", { id: "experiment-list" }, h("p", { class: "hint" }, "Loading…"));
  list.body.append(listBody);

  const create = card("Start an experiment", { aside: "POST /experiments" });
  create.el.id = "experiment-create";
  const live = card("Results", { aside: "GET /experiments/{id}/results, updated every 2 s" });
  live.el.id = "experiment-live";
  const liveBody = h("div", { id: "experiment-results" }, h("p", { class: "hint" }, "Select an experiment to see its results."));
  live.body.append(liveBody);

  panel.append(h("div", { class: "grid two" }, list.el, create.el), live.el);

  let models = ["popular", "item_knn", "als", "content", "hybrid"];
  let selected = null;
  let experiments = [];
  let visible = false;
  let busy = false;
  const charts = {};

  buildForm(create, () => models, async (body) => {
    const started = await api("/experiments", { method: "POST", body });
    selected = started.experiment_id;
    await refresh();
  });

  async function stop(id) {
    showError(list.error, null);
    try {
      await api(`/experiments/${encodeURIComponent(id)}/stop`, { method: "POST" });
    } catch (e) {
      showError(list.error, e);
    }
    await refresh();
  }

  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      const answer = await api("/experiments");
      showError(list.error, null);
      list.el.classList.remove("stale");
      experiments = answer.experiments || [];
      if (!selected || !experiments.some((x) => x.experiment_id === selected)) {
        selected = answer.running || (experiments[0] && experiments[0].experiment_id) || null;
      }
      renderList(listBody, experiments, answer, selected, (id) => { selected = id; refresh(); }, stop);
    } catch (e) {
      showError(list.error, e);
      list.el.classList.add("stale");
    }
    if (selected) {
      try {
        const id = encodeURIComponent(selected);
        const [results, timeline] = await Promise.all([api(`/experiments/${id}/results`), api(`/experiments/${id}/timeline?points=12`)]);
        showError(live.error, null);
        live.el.classList.remove("stale");
        renderResults(liveBody, results, timeline, charts);
      } catch (e) {
        showError(live.error, e);
        live.el.classList.add("stale");
      }
    }
    busy = false;
  }

  api("/models").then((answer) => {
    const types = (answer.models || []).map((m) => m.type);
    if (types.length) models = types;
    create.body.querySelectorAll("select.exp-variant-model").forEach((select) => fillModels(select, models, select.value));
  }).catch((e) => showError(create.error, e));

  refresh();
  setInterval(() => { if (visible) refresh(); }, 2000);
  return { show: () => { visible = true; refresh(); }, hide: () => { visible = false; } };
}

function fillModels(select, models, value) {
  replace(select, models.map((m) => h("option", { value: m, selected: m === value }, m)));
}

function buildForm(c, models, submit) {
  const name = h("input", { id: "exp-name", placeholder: "what is tested", size: 24, required: true });
  const metric = h("select", { id: "exp-metric" },
    h("option", { value: "ctr" }, "click-through rate"), h("option", { value: "conversion" }, "conversion"));
  const rows = h("div", { id: "exp-variants" });
  const addRow = (variant, model, weight) => {
    const select = h("select", { class: "exp-variant-model" });
    fillModels(select, models(), model);
    const row = h("div", { class: "row exp-variant" },
      h("label", {}, "Variant", h("input", { class: "exp-variant-name", value: variant, size: 10 })),
      h("label", {}, "Model", select),
      h("label", {}, "Weight", h("input", { class: "exp-variant-weight", type: "number", min: 0.01, step: "any", value: weight })),
      h("button", { class: "link", type: "button", onclick: () => { if (rows.children.length > 2) row.remove(); } }, "remove"));
    rows.append(row);
  };
  addRow("control", "hybrid", 1);
  addRow("treatment", "als", 1);
  const add = h("button", { class: "secondary", type: "button", id: "exp-add-variant",
    onclick: () => { if (rows.children.length < 10) addRow(`variant${rows.children.length + 1}`, "popular", 1); } }, "Add variant");
  const start = h("button", { class: "primary", type: "submit", id: "exp-create" }, "Start experiment");
  const done = h("div", { class: "ok-line", role: "status" });
  const form = h("form", { id: "exp-form" },
    h("div", { class: "row" }, h("label", {}, "Name", name), h("label", {}, "Judged on", metric)),
    h("h3", {}, "Variants (the first is the control)"), rows,
    h("div", { class: "row" }, add, start));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(c.error, null);
    done.textContent = "";
    const variants = [...rows.querySelectorAll(".exp-variant")].map((row) => ({
      name: row.querySelector(".exp-variant-name").value.trim(),
      model: row.querySelector(".exp-variant-model").value,
      weight: Number(row.querySelector(".exp-variant-weight").value),
    }));
    start.disabled = true;
    try {
      await submit({ name: name.value.trim(), primary_metric: metric.value, variants });
      done.textContent = `Started "${name.value.trim()}": users are split among ${variants.length} variants from now on.`;
    } catch (e) {
      showError(c.error, e);
    } finally {
      start.disabled = false;
    }
  });
  c.body.append(
    h("p", { class: "hint" }, "Each user is assigned to a variant by a hash of the experiment and user ids, the same on every "
      + "instance; /recommend without a model then serves the variant's model. One experiment runs at a time."),
    form, done);
}

function renderList(body, experiments, answer, selected, select, stop) {
  if (!experiments.length) {
    replace(body, h("p", { class: "hint", id: "experiments-none" }, answer.message || "No experiments yet."));
    return;
  }
  replace(body, h("table", { id: "experiment-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "Experiment"), h("th", {}, "Status"), h("th", {}, "Variants"),
      h("th", {}, "Started"), h("th", {}, ""))),
    h("tbody", {}, experiments.map((x) => h("tr", { class: x.experiment_id === selected ? "in-both" : "", dataset: { experiment: x.experiment_id } },
      h("td", {}, h("button", { class: "link", type: "button", onclick: () => select(x.experiment_id) }, x.name),
        h("div", { class: "sub mono" }, x.experiment_id)),
      h("td", {}, statusBadge(x.status)),
      h("td", {}, (x.variants || []).map((v) => `${v.name}: ${v.model} (${fmt.pct(v.share)})`).join(" · ")),
      h("td", { class: "nowrap" }, fmt.dateTime(x.started_at)),
      h("td", {}, x.status === "running"
        ? h("button", { class: "secondary exp-stop", type: "button", onclick: () => stop(x.experiment_id) }, "Stop") : ""))))));
}

function ci(metric, pct = true) {
  if (!metric || metric.value === null || metric.value === undefined) return "–";
  const f = pct ? fmt.pct : (x) => fmt.num(x, 4);
  return metric.ci95 ? `${f(metric.value)} [${f(metric.ci95[0])}, ${f(metric.ci95[1])}]` : f(metric.value);
}

function pValue(p) {
  if (p === null || p === undefined) return "–";
  return p < 0.0001 ? "< 0.0001" : p.toFixed(4);
}

function renderResults(body, r, timeline, charts) {
  const treatment = r.variants.filter((v) => !v.control);
  const verdictClass = r.decision === "treatment_better" ? "ok-line" : r.decision === "sample_ratio_mismatch" ? "error" : "notice";
  const mde = r.minimum_detectable_effect;
  const content = [
    h("div", { class: "result-head" }, h("strong", {}, r.name), statusBadge(r.status),
      h("span", { class: "sub" }, `judged on ${r.primary_metric === "ctr" ? "click-through rate" : "conversion"} · since ${fmt.dateTime(r.started_at)}`
        + (r.stopped_at ? ` · stopped ${fmt.dateTime(r.stopped_at)}` : ""))),
    h("div", { class: verdictClass, id: "exp-verdict", role: "status" }, r.verdict),
    r.srm.warning ? h("div", { class: "error", id: "exp-srm", role: "alert" }, `⚠ ${r.srm.message} (χ² = ${fmt.num(r.srm.chi_square, 2)}, p = ${pValue(r.srm.p_value)})`)
      : h("p", { class: "sub", id: "exp-srm" }, `${r.srm.message} (χ² = ${fmt.num(r.srm.chi_square, 2)}, p = ${pValue(r.srm.p_value)}).`),
    h("div", { class: "table-scroll" }, h("table", { id: "exp-results" },
      h("thead", {}, h("tr", {}, ["Variant", "Model", "Users", "Lists", "Clicks", "Purchases", "CTR [95% CI]", "Conversion [95% CI]",
        "Lift [95% CI]", "p-value", "Always-valid p", "Significant"].map((t, i) => h("th", { class: i >= 2 && i <= 5 ? "num" : "" }, t)))),
      h("tbody", {}, r.variants.map((v, i) => h("tr", { dataset: { variant: v.name } },
        h("td", {}, h("span", { class: "dot", style: `background:${PALETTE[i % PALETTE.length]}` }), " ", v.name, v.control && v.name !== "control" ? h("span", { class: "sub" }, " (control)") : ""),
        h("td", {}, v.model),
        h("td", { class: "num" }, fmt.int(v.users_exposed)), h("td", { class: "num" }, fmt.int(v.lists)),
        h("td", { class: "num" }, fmt.int(v.clicks)), h("td", { class: "num" }, fmt.int(v.purchases)),
        h("td", { class: "nowrap" }, ci(v.ctr)), h("td", { class: "nowrap" }, ci(v.conversion)),
        h("td", { class: "nowrap" }, v.lift ? liftText(v.lift) : "–"),
        h("td", { class: "num" }, pValue(v.p_value)), h("td", { class: "num" }, pValue(v.sequential_p_value)),
        h("td", {}, v.control ? "–" : v.significant ? (v.sequential_significant ? "yes (also always-valid)" : "yes (fixed horizon)") : "no")))))),
    h("p", { class: "sub", id: "exp-mde" }, mde.absolute === null ? "Minimum detectable effect: not enough data yet."
      : `With ${fmt.int(mde.users_per_arm)} users per arm, a difference of ${fmt.pct(mde.absolute)} (${fmt.pct(mde.relative)} relative) `
        + `in ${mde.metric} would be detected with ${mde.power * 100}% power at α = ${mde.alpha}.`),
    h("div", { class: "grid two" },
      h("div", {}, h("h3", {}, "Click-through rate over time (95% interval bars)"), chartSlot(charts, "experiment-ctr")),
      h("div", {}, h("h3", {}, "Conversion over time (95% interval bars)"), chartSlot(charts, "experiment-conversion"))),
    h("details", {}, h("summary", {}, "How these are computed"),
      h("dl", { class: "kv" }, Object.entries(r.methods || {}).map(([k, v]) => [h("dt", {}, k.replaceAll("_", " ")), h("dd", {}, v)]))),
  ];
  if (!treatment.length) content.push(h("p", { class: "hint" }, "No treatment variant."));
  // The charts keep their canvases across redraws (chartSlot hands back the same box): only the text moves.
  replace(body, content);
  updateChart(charts["experiment-ctr"], timeline, "ctr");
  updateChart(charts["experiment-conversion"], timeline, "conversion");
}

function liftText(l) {
  const rel = l.relative === null ? "–" : `${l.relative >= 0 ? "+" : ""}${fmt.pct(l.relative)}`;
  const interval = l.relative_ci95 ? ` [${fmt.pct(l.relative_ci95[0])}, ${fmt.pct(l.relative_ci95[1])}]` : "";
  const abs = l.absolute === null ? "" : ` (${l.absolute >= 0 ? "+" : ""}${fmt.pct(l.absolute)} abs.)`;
  return rel + interval + abs;
}

/** A chart of one metric over time: per variant, a floating bar from the interval's low to high and a line through the rate. */
function chartSlot(charts, id) {
  if (!charts[id]) {
    const canvas = h("canvas", { role: "img", "aria-label": id.replace("-", " ") + " by variant over time" });
    const box = h("div", { class: "chart-box", id }, canvas);
    const chart = new Chart(canvas, {
      type: "bar",
      data: { labels: [], datasets: [] },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "top", labels: { boxWidth: 12, font: { size: 12 } } },
          tooltip: { callbacks: { label: (ctx) => Array.isArray(ctx.raw)
            ? `${ctx.dataset.label}: ${(ctx.raw[0] * 100).toFixed(2)}% – ${(ctx.raw[1] * 100).toFixed(2)}%`
            : `${ctx.dataset.label}: ${ctx.raw === null ? "–" : (ctx.raw * 100).toFixed(2) + "%"}` } } },
        scales: {
          x: { title: { display: true, text: "time (cumulative from the start)", color: "#5d6b80" }, stacked: false },
          y: { title: { display: true, text: "rate (%)", color: "#5d6b80" }, beginAtZero: true,
            ticks: { callback: (v) => `${(v * 100).toFixed(1)}%` } },
        },
      },
    });
    charts[id] = { id, box, chart, received: 0, updates: 0 };
    registry[id] = charts[id];
  }
  return charts[id].box;
}

function updateChart(entry, timeline, metric) {
  if (!entry || !timeline) return;
  const points = timeline.points || [];
  const names = points.length ? points[0].variants.map((v) => v.name) : [];
  entry.chart.data.labels = points.map((p) => fmt.time(p.at));
  const datasets = [];
  names.forEach((name, i) => {
    const color = PALETTE[i % PALETTE.length];
    const series = points.map((p) => p.variants[i][metric]);
    datasets.push({ type: "bar", label: `${name} 95% interval`, backgroundColor: color + "40", borderColor: color, borderWidth: 1,
      data: series.map((m) => (m && m.ci95 ? [Math.max(0, m.ci95[0]), m.ci95[1]] : null)), barPercentage: 0.5, categoryPercentage: 0.8 });
    datasets.push({ type: "line", label: name, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 3,
      data: series.map((m) => (m ? m.value : null)), spanGaps: true });
  });
  entry.chart.data.datasets = datasets;
  entry.chart.update("none");
  entry.received += points.length * names.length;
  entry.updates++;
}
