// Recommendations: pick a user and one or two models; see each list with titles, scores and
// explanations, whether it came from the cache and how long it took.

import { api } from "../api.js";
import { card, debounce, fmt, h, replace, showError } from "../dom.js";

export function mount(panel) {
  const form = card("Ask for recommendations", { aside: "GET /recommend" });
  form.el.id = "rec-form-card";
  const user = h("input", { id: "rec-user", list: "rec-user-options", placeholder: "user id, e.g. u1", autocomplete: "off", required: true });
  const options = h("datalist", { id: "rec-user-options" });
  const modelA = h("select", { id: "rec-model-a" });
  const modelB = h("select", { id: "rec-model-b" });
  const n = h("input", { id: "rec-n", type: "number", min: 1, max: 100, value: 10 });
  const genre = h("input", { id: "rec-genre", placeholder: "any", size: 10 });
  const excludeSeen = h("input", { id: "rec-exclude-seen", type: "checkbox", checked: true });
  const go = h("button", { class: "primary", id: "rec-go", type: "submit" }, "Recommend");
  const chips = h("div", { class: "chips", id: "rec-user-chips" });
  const formEl = h("form", { class: "inline", id: "rec-form" },
    h("label", {}, "User", user), options,
    h("label", {}, "Model", modelA),
    h("label", {}, "Compare with", modelB),
    h("label", {}, "How many", n),
    h("label", {}, "Genre", genre),
    h("label", { class: "check" }, excludeSeen, "leave out items the user has seen"),
    go);
  form.body.append(formEl, h("div", { class: "hint" }, "The most active users (click one to pick it):"), chips);

  const results = h("div", { class: "columns", id: "rec-results" });
  panel.append(h("div", { class: "grid" }, form.el), results);

  loadModels([modelA, modelB], form.error);
  loadUsers("", options, chips, user, form.error);
  user.addEventListener("input", debounce(() => loadUsers(user.value.trim(), options, null, user, form.error), 250));

  formEl.addEventListener("submit", async (event) => {
    event.preventDefault();
    const userId = user.value.trim();
    if (!userId) {
      showError(form.error, new Error("Enter a user id first."));
      return;
    }
    showError(form.error, null);
    go.disabled = true;
    const models = [modelA.value, modelB.value].filter((m, i, all) => m && all.indexOf(m) === i);
    const params = { user_id: userId, n: n.value || 10, exclude_seen: excludeSeen.checked };
    if (genre.value.trim()) params.genre = genre.value.trim();
    const panels = models.map((model) => resultPanel(model));
    replace(results, panels.map((p) => p.el));
    const answers = await Promise.all(models.map((model, i) => show(panels[i], { ...params, model })));
    markOverlap(answers.filter(Boolean), panels);
    go.disabled = false;
  });
  return {};
}

async function loadModels(selects, errorSlot) {
  try {
    const answer = await api("/models");
    const types = (answer.models || []).map((m) => m.type);
    const [first, second] = selects;
    replace(first, types.map((t) => h("option", { value: t, selected: t === answer.default }, t + (t === answer.default ? " (default)" : ""))));
    replace(second, h("option", { value: "" }, "— no comparison —"), types.map((t) => h("option", { value: t }, t)));
    if (types.length === 1) {
      second.title = "Only one model is served; a second appears here once the service serves it.";
    }
  } catch (e) {
    showError(errorSlot, new Error(`Cannot read the models: ${e.message}`));
  }
}

async function loadUsers(prefix, datalist, chips, input, errorSlot) {
  try {
    const answer = await api(`/users?prefix=${encodeURIComponent(prefix)}&limit=20`);
    const users = answer.users || [];
    replace(datalist, users.map((u) => h("option", { value: u })));
    if (chips) {
      replace(chips, users.slice(0, 12).map((u) => h("button", { type: "button", onclick: () => { input.value = u; } }, u)));
      if (!users.length) chips.append("No users yet.");
    }
  } catch (e) {
    showError(errorSlot, new Error(`Cannot search users: ${e.message}`));
  }
}

function resultPanel(model) {
  const c = card(`Model ${model}`);
  c.el.classList.add("rec-result");
  c.el.dataset.model = model;
  c.body.append(h("div", { class: "hint" }, "Asking…"));
  return c;
}

async function show(panel, params) {
  const query = new URLSearchParams(params).toString();
  try {
    const list = await api(`/recommend?${query}`);
    const head = h("div", { class: "result-head" },
      h("span", { class: list.cached ? "badge cached" : "badge" }, list.cached ? "from cache" : "computed"),
      list.cold_start ? h("span", { class: "badge degraded", title: "The user has no preference events yet: a cold-start list" }, "cold start") : null,
      h("span", {}, `took ${fmt.ms(list.took_ms)}`),
      h("span", { class: "sub" }, `model ${list.model} · version ${list.model_version}`),
      h("span", { class: "sub mono", title: "Send it back as recommendation_id with a click" }, `request ${list.request_id}`));
    const rows = (list.items || []).map((item) => h("tr", { dataset: { item: item.item_id } },
      h("td", { class: "num" }, item.rank),
      h("td", {}, h("div", {}, item.title || item.item_id), h("div", { class: "sub mono" }, item.item_id)),
      h("td", { class: "sub" }, (item.genres || []).join(", ")),
      h("td", { class: "num" }, fmt.num(item.score, 3)),
      h("td", {}, item.explanation || "")));
    replace(panel.body, head, list.items && list.items.length
      ? h("div", { class: "table-scroll tall" }, h("table", { class: "rec-table" },
        h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, "Item"), h("th", {}, "Genres"),
          h("th", { class: "num" }, "Score"), h("th", {}, "Why"))),
        h("tbody", {}, rows)))
      : h("p", { class: "hint" }, "The model returned no items for this user and these filters."));
    return list;
  } catch (e) {
    replace(panel.body);
    showError(panel.error, e);
    return null;
  }
}

function markOverlap(lists, panels) {
  if (lists.length !== 2) return;
  const [a, b] = lists.map((l) => new Set((l.items || []).map((i) => i.item_id)));
  const shared = [...a].filter((id) => b.has(id));
  panels.forEach((p) => {
    p.el.querySelectorAll("tr[data-item]").forEach((row) => row.classList.toggle("in-both", b.has(row.dataset.item) && a.has(row.dataset.item)));
    p.aside.textContent = `${shared.length} of ${a.size} items in both lists (marked)`;
  });
}
