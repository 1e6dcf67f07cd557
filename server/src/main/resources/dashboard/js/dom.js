// Small DOM helpers. Text from the API is always set as text (never parsed as HTML).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A card with a title, an error slot and a body. */
export function card(title, { id, aside, wide } = {}) {
  const error = h("div", { class: "error", role: "alert", hidden: true });
  const body = h("div", { class: "card-body" });
  const asideEl = h("span", { class: "aside" }, aside || "");
  const el = h("div", { class: "card" + (wide ? " wide" : ""), id }, h("h2", {}, title, asideEl), error, body);
  return { el, body, error, aside: asideEl };
}

export function showError(slot, error) {
  if (!error) {
    slot.hidden = true;
    slot.textContent = "";
    return;
  }
  const status = error.status ? ` (HTTP ${error.status}${error.code ? ", " + error.code : ""})` : "";
  slot.textContent = "⚠ " + (error.message || String(error)) + status;
  slot.hidden = false;
}

export const fmt = {
  int(n) {
    return n === null || n === undefined || Number.isNaN(n) ? "–" : Math.round(n).toLocaleString("en-US");
  },
  num(n, digits = 1) {
    return n === null || n === undefined || Number.isNaN(n) ? "–"
      : Number(n).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  },
  ms(n) {
    if (n === null || n === undefined || Number.isNaN(n)) return "–";
    return n < 10 ? `${Number(n).toFixed(2)} ms` : `${Number(n).toFixed(1)} ms`;
  },
  pct(fraction) {
    return fraction === null || fraction === undefined || Number.isNaN(fraction) ? "–" : `${(fraction * 100).toFixed(1)}%`;
  },
  time(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour12: false });
  },
  dateTime(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso
      : d.toLocaleString([], { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  },
  ago(iso) {
    if (!iso) return "–";
    const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
    if (Number.isNaN(seconds)) return "–";
    if (seconds < 5) return "just now";
    if (seconds < 90) return `${seconds} s ago`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
    if (seconds < 129600) return `${Math.round(seconds / 3600)} h ago`;
    return `${Math.round(seconds / 86400)} days ago`;
  },
  duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    const s = Math.floor(seconds);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
    return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  },
};

export function statusBadge(status) {
  return h("span", { class: `badge ${status || ""}` }, status || "unknown");
}

/** Debounces a function: it runs once calls stop for {@code ms}. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
