// The health of each component, as /metrics/realtime reports it (shared by Overview and Real-Time).

import { h, replace, statusBadge } from "../dom.js";

function detailValue(value) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Draws one tile per component into container; a down component shows as down, with its message. */
export function renderComponents(container, components) {
  replace(container, components.map((c) => h("div", { class: `component ${c.status}`, dataset: { component: c.component } },
    h("div", { class: "name" }, h("span", { class: `dot ${c.status}` }), c.component, statusBadge(c.status)),
    h("div", { class: "message" }, c.message || ""),
    h("dl", {}, Object.entries(c.details || {}).map(([k, v]) => [h("dt", {}, k.replaceAll("_", " ")), h("dd", {}, detailValue(v))])))));
}
