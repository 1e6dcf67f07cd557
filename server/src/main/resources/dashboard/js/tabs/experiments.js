// Experiments: A/B results when this Brisk serves them. Whether it does is read from its OpenAPI
// document, so that nothing is requested that does not exist and nothing is made up.

import { api, documentedPaths } from "../api.js";
import { card, fmt, h, replace, showError, statusBadge } from "../dom.js";

export function mount(panel) {
  const c = card("A/B experiments");
  c.el.id = "experiments";
  panel.append(c.el);
  let loaded = false;

  async function load() {
    showError(c.error, null);
    try {
      const paths = await documentedPaths();
      if (!paths.has("/experiments")) {
        replace(c.body, h("div", { class: "notice", id: "experiments-unavailable" },
          h("p", {}, h("strong", {}, "Not available in this version of Brisk. ")),
          h("p", {}, "This service does not serve /experiments (its API description at /openapi.json has no such endpoint), "
            + "so there are no experiments and no results to show. Nothing on this tab is simulated or made up."),
          h("p", { class: "sub" }, "Once the service runs A/B experiments, this tab lists them with their variants and results.")));
        return;
      }
      const answer = await api("/experiments");
      const experiments = Array.isArray(answer) ? answer : answer.experiments || [];
      if (!experiments.length) {
        // The service says why there are none (e.g. it runs no experiments yet); say nothing it did not.
        replace(c.body, h("p", { class: "hint", id: "experiments-none" },
          answer.message || "No experiments have been created (POST /experiments starts one)."));
        return;
      }
      replace(c.body, experiments.map(experimentView));
      loaded = true;
    } catch (e) {
      showError(c.error, e);
    }
  }
  load();
  return { show: () => { if (!loaded) load(); } };
}

function experimentView(x) {
  const variants = x.variants || [];
  const results = x.results || {};
  return h("div", { class: "card" },
    h("h2", {}, x.name || x.id || "experiment", statusBadge(x.status || x.state),
      h("span", { class: "aside" }, x.created_at ? `since ${fmt.dateTime(x.created_at)}` : "")),
    variants.length ? h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Variant"), h("th", {}, "Model"), h("th", { class: "num" }, "Weight"))),
      h("tbody", {}, variants.map((v) => h("tr", {}, h("td", {}, v.name || v.id || ""), h("td", {}, v.model || ""), h("td", { class: "num" }, v.weight ?? ""))))) : null,
    Object.keys(results).length ? h("pre", { class: "json" }, JSON.stringify(results, null, 2)) : null);
}
