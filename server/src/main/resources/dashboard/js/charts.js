// Chart helpers over Chart.js (loaded by index.html as window.Chart from the local WebJar).
// Every chart has titled axes with units and a legend; charts register themselves in
// window.briskCharts with a count of the data points they received, so tests and people can
// see that they keep updating.

const Chart = window.Chart;

export const COLORS = {
  view: "#1f77b4", click: "#ff7f0e", rating: "#2ca02c", purchase: "#d62728",
  add_to_cart: "#9467bd", like: "#8c564b", dislike: "#e377c2", impression: "#7f7f7f",
  total: "#1f4fd1", p50: "#2ca02c", p95: "#ff9f1c", p99: "#d62728", interval: "#1f4fd1", cumulative: "#8a94a6",
};

export const registry = (window.briskCharts = window.briskCharts || {});

function agoLabel(seconds) {
  if (seconds === 0) return "now";
  if (seconds >= 120) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds)} s`;
}

function axisTitle(text) {
  return { display: true, text, color: "#5d6b80", font: { size: 12 } };
}

function baseOptions({ xTitle, yTitle, yMin = 0, yMax, stacked = false }) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    parsing: true,
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: { position: "top", labels: { boxWidth: 12, boxHeight: 12, font: { size: 12 } } },
      tooltip: { enabled: true },
    },
    scales: {
      x: { title: axisTitle(xTitle), stacked, grid: { color: "#eef1f6" } },
      y: { title: axisTitle(yTitle), stacked, min: yMin, max: yMax, beginAtZero: true, grid: { color: "#eef1f6" } },
    },
  };
}

/** Points over the last windowSeconds; x is seconds before now, moving left as time passes. */
export class TimeSeries {
  constructor(id, canvas, { yTitle, series, windowSeconds = 120, yMax, format, fitToData = false }) {
    this.id = id;
    this.windowSeconds = windowSeconds;
    this.fitToData = fitToData;
    this.points = series.map(() => []);
    this.received = 0;
    this.updates = 0;
    const options = baseOptions({ xTitle: "time before now", yTitle, yMax });
    options.scales.x.type = "linear";
    options.scales.x.min = -windowSeconds;
    options.scales.x.max = 0;
    options.scales.x.ticks = { stepSize: windowSeconds / 6, callback: (v) => agoLabel(-v) };
    if (format) {
      options.scales.y.ticks = { callback: format };
      options.plugins.tooltip.callbacks = { label: (ctx) => `${ctx.dataset.label}: ${format(ctx.parsed.y)}` };
    }
    options.plugins.tooltip.callbacks = {
      ...(options.plugins.tooltip.callbacks || {}),
      title: (items) => (items.length ? `${agoLabel(-items[0].parsed.x)} ago` : ""),
    };
    this.chart = new Chart(canvas, {
      type: "line",
      data: {
        datasets: series.map((s) => ({
          label: s.label, borderColor: s.color, backgroundColor: s.color, data: [],
          // Sparse data (snapshots between gaps) shows as dots; dense live data as lines.
          borderWidth: 2, pointRadius: fitToData ? 1.5 : 0, pointHitRadius: 6, tension: 0.2, spanGaps: false, borderDash: s.dash,
        })),
      },
      options,
    });
    registry[id] = this;
  }

  /** Adds one point per series at a time (epoch ms); null leaves a gap. */
  push(time, values) {
    values.forEach((value, i) => this.points[i].push({ t: time, y: value }));
    this.received += values.length;
    this.render();
  }

  /** Adds older points of one series (such as stored snapshots), kept in time order. */
  addHistory(seriesIndex, points) {
    this.points[seriesIndex] = [...points, ...this.points[seriesIndex]].sort((a, b) => a.t - b.t);
    this.received += points.length;
    this.render();
  }

  render() {
    const now = Date.now();
    const oldest = now - this.windowSeconds * 1000;
    this.points = this.points.map((series) => series.filter((p) => p.t >= oldest - 60000));
    this.chart.data.datasets.forEach((dataset, i) => {
      dataset.data = this.points[i].map((p) => ({ x: (p.t - now) / 1000, y: p.y }));
    });
    if (this.fitToData) this.fitAxis(now);
    this.chart.update("none");
    this.updates++;
  }
}

/** Steps of the time axis, in seconds: the smallest that gives at most 7 ticks is used. */
const STEPS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

Object.assign(TimeSeries.prototype, {
  /**
   * A window only as long as the data it has (at least a minute): a service that started a
   * minute ago shows its minute across the chart, not one dot at the edge of half an hour.
   */
  fitAxis(now) {
    const times = this.points.flatMap((series) => series.filter((p) => p.y !== null).map((p) => p.t));
    const oldest = times.length ? Math.min(...times) : now;
    const span = Math.min(this.windowSeconds, Math.max(60, Math.ceil((now - oldest) / 1000)));
    const step = STEPS.find((s) => span / s <= 7) || STEPS[STEPS.length - 1];
    const x = this.chart.options.scales.x;
    x.min = -Math.ceil(span / step) * step;
    x.ticks.stepSize = step;
  },
});

/**
 * Bars and lines over named categories (models, runs, steps, items), with titled axes and a
 * legend. Series on axis "y2" use a second scale on the right.
 */
export class CategoryChart {
  constructor(id, canvas, { xTitle, yTitle, y2Title, series, horizontal = false, format, stacked = false }) {
    this.id = id;
    this.received = 0;
    this.updates = 0;
    const options = baseOptions({ xTitle, yTitle, stacked });
    if (horizontal) {
      options.indexAxis = "y";
      options.scales = { x: { ...options.scales.y, title: axisTitle(yTitle) }, y: { ...options.scales.x, title: axisTitle(xTitle) } };
    }
    if (y2Title) {
      options.scales.y2 = { position: "right", beginAtZero: true, title: axisTitle(y2Title), grid: { drawOnChartArea: false } };
    }
    const valueAxis = horizontal ? "x" : "y";
    if (format) options.scales[valueAxis].ticks = { callback: format };
    options.plugins.tooltip.callbacks = {
      label: (ctx) => {
        const value = horizontal ? ctx.parsed.x : ctx.parsed.y;
        const fmtValue = series[ctx.datasetIndex].format || format || ((v) => v);
        return `${ctx.dataset.label}: ${fmtValue(value)}`;
      },
      afterBody: (items) => (items.length && this.notes ? this.notes[items[0].dataIndex] || "" : ""),
    };
    this.chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: [],
        datasets: series.map((s) => ({
          type: s.type || "bar", label: s.label, data: [], yAxisID: s.axis === "y2" ? "y2" : undefined,
          backgroundColor: s.color, borderColor: s.color, borderWidth: s.type === "line" ? 2 : 0,
          pointRadius: s.type === "line" ? 3 : undefined, tension: 0.2, order: s.type === "line" ? 0 : 1,
        })),
      },
      options,
    });
    registry[id] = this;
  }

  /** Replaces the categories and their values (one array per series); notes go in the tooltips. */
  set(labels, valuesPerSeries, notes) {
    this.chart.data.labels = labels;
    this.notes = notes;
    valuesPerSeries.forEach((values, i) => {
      this.chart.data.datasets[i].data = values;
      this.received += values.length;
    });
    this.chart.update("none");
    this.updates++;
  }
}

/** Per-second counts of the last N seconds as stacked bars (the service keeps these per second). */
export class RecentSeconds {
  constructor(id, canvas, { yTitle, series, seconds = 60 }) {
    this.id = id;
    this.received = 0;
    this.updates = 0;
    const labels = Array.from({ length: seconds }, (_, i) => i - seconds);
    const options = baseOptions({ xTitle: "seconds before now", yTitle, stacked: true });
    options.scales.x.ticks = {
      autoSkip: false, maxRotation: 0,
      callback(value, index) {
        const label = this.getLabelForValue(value);
        return index % 10 === 0 ? agoLabel(-label) : "";
      },
    };
    options.plugins.tooltip.callbacks = { title: (items) => (items.length ? `${-items[0].label} s ago` : "") };
    this.chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label, backgroundColor: s.color, borderWidth: 0, data: new Array(seconds).fill(0),
          barPercentage: 1, categoryPercentage: 0.9,
        })),
      },
      options,
    });
    registry[id] = this;
  }

  /** Replaces the counts; one array per series, oldest second first. */
  set(valuesPerSeries) {
    valuesPerSeries.forEach((values, i) => {
      this.chart.data.datasets[i].data = values;
      this.received += values.length;
    });
    this.chart.update("none");
    this.updates++;
  }
}

/** A canvas inside a sized box, as Chart.js needs for responsive charts. */
export function chartBox(label) {
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  const box = document.createElement("div");
  box.className = "chart-box";
  box.append(canvas);
  return { box, canvas };
}
