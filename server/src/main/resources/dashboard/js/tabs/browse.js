// Browse: search users and items; a user's page (profile, history next to the recommendations of
// a chosen model) and an item's page (its figures, similar items, recent activity). Pages have
// their own address: #browse/user/{id} and #browse/item/{id}.

import { api } from "../api.js";
import { card, debounce, fmt, h, replace, showError } from "../dom.js";

const HISTORY = 20;
const ITEM_EVENTS = 200;

const userLink = (id) => h("a", { href: `#browse/user/${encodeURIComponent(id)}`, class: "mono" }, id);
const itemLink = (id, title) => h("a", { href: `#browse/item/${encodeURIComponent(id)}` }, title || id);

export function mount(panel) {
  const searchCard = card("Search users and items", { aside: "GET /users?q= · GET /items?q=" });
  searchCard.el.id = "browse-search";
  const query = h("input", { id: "browse-query", type: "search", placeholder: "a user id, an item id or part of a title",
    autocomplete: "off", size: 40 });
  const userResults = h("div", { id: "browse-users" });
  const itemResults = h("div", { id: "browse-items" });
  const more = h("button", { class: "secondary", type: "button", id: "browse-items-more", hidden: true }, "More items");
  searchCard.body.append(h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); find(); } },
    h("label", {}, "Find", query), h("button", { class: "primary", type: "submit", id: "browse-go" }, "Search")),
  h("div", { class: "grid two search-results" },
    h("div", {}, h("h3", {}, "Users (id starts with)"), userResults),
    h("div", {}, h("h3", {}, "Items (id starts with, or title contains)"), itemResults, more)));

  const page = h("div", { id: "browse-page" });
  panel.append(searchCard.el, page);

  let nextCursor = null;
  let searches = 0;
  async function find() {
    const q = query.value.trim();
    const search = ++searches;
    showError(searchCard.error, null);
    try {
      const [users, items] = await Promise.all([
        api(`/users?q=${encodeURIComponent(q)}&limit=20`),
        api(`/items?q=${encodeURIComponent(q)}&limit=20`),
      ]);
      if (search !== searches) return; // a later search is under way: its answer is the one to show
      replace(userResults, users.users.length ? h("ul", { class: "plain" }, users.users.map((u) => h("li", {}, userLink(u))))
        : h("p", { class: "hint" }, "No user id starts with that."));
      replace(itemResults);
      showItems(items);
    } catch (e) {
      showError(searchCard.error, e);
    }
  }

  function showItems(items) {
    if (!itemResults.firstChild) {
      itemResults.append(items.items.length ? h("ul", { class: "plain" }) : h("p", { class: "hint" }, "No item matches."));
    }
    const list = itemResults.querySelector("ul");
    if (list) list.append(...items.items.map((i) => h("li", { dataset: { item: i.item_id } }, itemLink(i.item_id, i.title),
      " ", h("span", { class: "sub mono" }, i.item_id), i.active ? null : h("span", { class: "badge" }, "inactive"))));
    nextCursor = items.next_cursor;
    more.hidden = !nextCursor;
  }

  more.addEventListener("click", async () => {
    try {
      showItems(await api(`/items?q=${encodeURIComponent(query.value.trim())}&limit=20&cursor=${encodeURIComponent(nextCursor)}`));
    } catch (e) {
      showError(searchCard.error, e);
    }
  });
  query.addEventListener("input", debounce(find, 300));

  let shown = "";
  return {
    show(route = []) {
      const [kind, ...rest] = route;
      const id = decodeURIComponent(rest.join("/"));
      const key = `${kind}/${id}`;
      if (!userResults.firstChild) find();
      if (!kind) return;
      if (key === shown) return;
      shown = key;
      if (kind === "user") replace(page, userPage(id));
      else if (kind === "item") replace(page, itemPage(id));
    },
  };
}

/** Runs an API call and draws its answer, or shows its error in the card. */
async function fill(c, work) {
  try {
    showError(c.error, null);
    await work();
  } catch (e) {
    showError(c.error, e);
  }
}

function userPage(userId) {
  const profile = card(`User ${userId}`, { aside: "GET /users/{id}/profile" });
  profile.el.id = "user-profile";
  const history = card("History", { aside: "newest first · GET /users/{id}/activity" });
  history.el.id = "user-history";
  const recs = card("Recommendations", { aside: "GET /recommend" });
  recs.el.id = "user-recs";
  const model = h("select", { id: "user-rec-model" });
  const recsBody = h("div", {});
  recs.body.append(h("form", { class: "inline" }, h("label", {}, "Model", model)), recsBody);

  fill(profile, async () => {
    let p;
    try {
      p = await api(`/users/${encodeURIComponent(userId)}/profile`);
    } catch (e) {
      if (e.status !== 404) throw e;
      replace(profile.body, h("p", { class: "hint" }, "This user has no events yet: recommendations are a cold-start list."));
      return;
    }
    const counts = Object.entries(p.counts || {}).filter(([, n]) => n > 0);
    replace(profile.body, h("dl", { class: "kv" },
      h("dt", {}, "interactions"), h("dd", { id: "user-interactions" }, fmt.int(p.total_interactions)),
      h("dt", {}, "by type"), h("dd", {}, counts.map(([t, n]) => `${t} ${fmt.int(n)}`).join(" · ") || "–"),
      h("dt", {}, "average rating"), h("dd", {}, p.avg_rating === null ? "no ratings" : `${fmt.num(p.avg_rating, 2)} (${fmt.int(p.rating_count)} ratings)`),
      h("dt", {}, "favourite genres"), h("dd", {}, (p.favorite_genres || []).map((g) => (typeof g === "string" ? g : g.genre)).join(", ") || "–"),
      h("dt", {}, "sessions"), h("dd", {}, fmt.int(p.session_count)),
      h("dt", {}, "first seen"), h("dd", {}, fmt.dateTime(p.first_interaction)),
      h("dt", {}, "last seen"), h("dd", {}, `${fmt.dateTime(p.last_interaction)} (${fmt.ago(p.last_interaction)})`)));
  });

  fill(history, async () => {
    const page = await api(`/users/${encodeURIComponent(userId)}/activity?limit=${HISTORY}`);
    replace(history.body, page.events.length ? [
      h("table", { id: "user-history-table" },
        h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "Type"), h("th", {}, "Item"), h("th", { class: "num" }, "Rating"))),
        h("tbody", {}, page.events.map((e) => h("tr", { dataset: { eventId: e.event_id } },
          h("td", { class: "nowrap", title: e.timestamp }, fmt.dateTime(e.timestamp)),
          h("td", {}, h("span", { class: "badge" }, e.event_type)),
          h("td", {}, itemLink(e.item_id)),
          h("td", { class: "num" }, e.rating === null ? "" : e.rating))))),
      h("p", { class: "hint" }, `The latest ${page.count} of ${fmt.int(page.total_events)} events.`)]
      : h("p", { class: "hint" }, "No events."));
  });

  async function showRecs() {
    await fill(recs, async () => {
      const list = await api(`/recommend?user_id=${encodeURIComponent(userId)}&n=10&model=${encodeURIComponent(model.value)}`);
      recs.aside.textContent = `${list.model} · version ${list.model_version} · ${list.cached ? "from cache" : "computed"} in ${fmt.ms(list.took_ms)}`;
      replace(recsBody, list.items.length ? h("table", { id: "user-recs-table" },
        h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, "Item"), h("th", { class: "num" }, "Score"), h("th", {}, "Why"))),
        h("tbody", {}, list.items.map((item) => h("tr", { dataset: { item: item.item_id } },
          h("td", { class: "num" }, item.rank), h("td", {}, itemLink(item.item_id, item.title)),
          h("td", { class: "num" }, fmt.num(item.score, 3)), h("td", { class: "sub" }, item.explanation || "")))))
        : h("p", { class: "hint" }, "The model has nothing to recommend to this user."));
    });
  }
  fill(recs, async () => {
    const answer = await api("/models");
    replace(model, (answer.models || []).map((m) => h("option", { value: m.type, selected: m.type === answer.default },
      m.type + (m.type === answer.default ? " (default)" : ""))));
    await showRecs();
  });
  model.addEventListener("change", showRecs);

  return [profile.el, h("div", { class: "grid two" }, history.el, recs.el)];
}

function itemPage(itemId) {
  const about = card(`Item ${itemId}`, { aside: "GET /items/{id}" });
  about.el.id = "item-about";
  const figures = card("Figures", { aside: "GET /items/{id}/activity" });
  figures.el.id = "item-figures";
  const similar = card("Similar items", { aside: "GET /items/{id}/similar" });
  similar.el.id = "item-similar";
  const recent = card("Recent events");
  recent.el.id = "item-recent";

  fill(about, async () => {
    const item = await api(`/items/${encodeURIComponent(itemId)}`);
    about.el.querySelector("h2").firstChild.textContent = item.title || itemId;
    const props = Object.entries(item.properties || {});
    replace(about.body, h("dl", { class: "kv" },
      h("dt", {}, "id"), h("dd", { class: "mono" }, item.item_id),
      h("dt", {}, "genres"), h("dd", {}, (item.genres || []).join(", ") || "–"),
      props.map(([k, v]) => [h("dt", {}, k), h("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))]),
      h("dt", {}, "state"), h("dd", {}, item.active ? "active" : "inactive: never recommended"),
      h("dt", {}, "added"), h("dd", {}, fmt.dateTime(item.created_at))));
  });

  fill(figures, async () => {
    const page = await api(`/items/${encodeURIComponent(itemId)}/activity?limit=${ITEM_EVENTS}`);
    const events = page.recent_events || [];
    const byType = {};
    events.forEach((e) => { byType[e.event_type] = (byType[e.event_type] || 0) + 1; });
    const users = new Set(events.map((e) => e.user_id)).size;
    const ratings = events.filter((e) => e.rating !== null && e.rating !== undefined).map((e) => e.rating);
    replace(figures.body, h("div", { class: "stats" },
      h("div", { class: "stat", title: "Every stored event about this item" }, h("div", { class: "value", id: "item-total-events" }, fmt.int(page.total_events)),
        h("div", { class: "label" }, "events in all")),
      h("div", { class: "stat" }, h("div", { class: "value" }, fmt.int(users)), h("div", { class: "label" }, `users in the latest ${events.length}`)),
      h("div", { class: "stat" }, h("div", { class: "value" }, ratings.length ? fmt.num(ratings.reduce((a, b) => a + b, 0) / ratings.length, 2) : "–"),
        h("div", { class: "label" }, `average of ${ratings.length} ratings`))),
    h("p", { class: "sub" }, Object.keys(byType).length
      ? `The latest ${events.length} events by type: ${Object.entries(byType).map(([t, n]) => `${t} ${n}`).join(" · ")}`
      : "No events about this item yet."));
    replace(recent.body, events.length ? h("div", { class: "table-scroll" }, h("table", { id: "item-recent-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "User"), h("th", {}, "Type"), h("th", { class: "num" }, "Rating"))),
      h("tbody", {}, events.slice(0, 50).map((e) => h("tr", {}, h("td", { class: "nowrap" }, fmt.dateTime(e.timestamp)),
        h("td", {}, userLink(e.user_id)), h("td", {}, h("span", { class: "badge" }, e.event_type)),
        h("td", { class: "num" }, e.rating === null ? "" : e.rating))))))
      : h("p", { class: "hint" }, "No events."));
  });

  fill(similar, async () => {
    const list = await api(`/items/${encodeURIComponent(itemId)}/similar?n=10`);
    similar.aside.textContent = `${list.model || ""} ${list.model_version ? "· version " + list.model_version : ""}`;
    const items = list.items || [];
    replace(similar.body, items.length ? h("table", { id: "item-similar-table" },
      h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, "Item"), h("th", { class: "num", title: "Similarity" }, "Score"), h("th", {}, "Why"))),
      h("tbody", {}, items.map((item, i) => h("tr", { dataset: { item: item.item_id } }, h("td", { class: "num" }, item.rank || i + 1),
        h("td", {}, itemLink(item.item_id, item.title)), h("td", { class: "num" }, fmt.num(item.score, 3)),
        h("td", { class: "sub" }, item.explanation || "")))))
      : h("p", { class: "hint" }, "Nothing is alike to this item yet."));
  });

  return [h("div", { class: "grid two" }, about.el, figures.el), h("div", { class: "grid two" }, similar.el, recent.el)];
}
