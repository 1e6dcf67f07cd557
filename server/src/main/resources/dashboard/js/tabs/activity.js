// A user's activity: profile, sessions and history newest first, paged with next_before.

import { api } from "../api.js";
import { card, fmt, h, replace, showError } from "../dom.js";

const PAGE = 20;
const TYPES = ["", "view", "click", "rating", "purchase", "add_to_cart", "like", "dislike", "impression"];

export function activityViewer() {
  const c = card("User activity", { aside: "profile, sessions, history" });
  c.el.id = "activity";
  const user = h("input", { id: "activity-user", placeholder: "user id", autocomplete: "off" });
  const type = h("select", { id: "activity-type" }, TYPES.map((t) => h("option", { value: t }, t || "all types")));
  const load = h("button", { class: "primary", type: "submit", id: "activity-load" }, "Show");
  const form = h("form", { class: "inline" }, h("label", {}, "User", user), h("label", {}, "Event type", type), load);
  const profile = h("div", { id: "activity-profile" });
  const sessions = h("div", { id: "activity-sessions" });
  const history = h("tbody", { id: "activity-rows" });
  const newer = h("button", { class: "secondary", type: "button", id: "activity-newest", disabled: true }, "Newest");
  const older = h("button", { class: "secondary", type: "button", id: "activity-older", disabled: true }, "Older →");
  const pageNote = h("span", { class: "sub", id: "activity-page" });
  const historyBlock = h("div", { hidden: true },
    h("h3", {}, "History (newest first)"),
    h("div", { class: "table-scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "Type"), h("th", {}, "Item"), h("th", { class: "num" }, "Rating"),
        h("th", { class: "hide-narrow" }, "Session"), h("th", { class: "hide-narrow" }, "From a list"))),
      history)),
    h("div", { class: "row" }, newer, older, pageNote));
  c.body.append(form, profile, sessions, historyBlock);

  let current = null;
  let cursors = [];

  async function show(userId, before) {
    const query = new URLSearchParams({ limit: PAGE });
    if (before) query.set("before", before);
    if (type.value) query.set("event_type", type.value);
    const page = await api(`/users/${encodeURIComponent(userId)}/activity?${query}`);
    replace(history, page.events.map((e) => h("tr", { dataset: { eventId: e.event_id } },
      h("td", { class: "mono", title: `received ${e.received_at}` }, fmt.dateTime(e.timestamp)),
      h("td", {}, h("span", { class: "badge" }, e.event_type)),
      h("td", { class: "mono" }, e.item_id),
      h("td", { class: "num" }, e.rating === null ? "" : e.rating),
      h("td", { class: "mono hide-narrow" }, e.session_id || ""),
      h("td", { class: "hide-narrow", title: e.recommendation_id || "" }, e.recommendation_id ? "yes" : ""))));
    if (!page.events.length) history.append(h("tr", {}, h("td", { colspan: 6, class: "sub" }, "No events.")));
    historyBlock.hidden = false;
    older.disabled = !page.next_before;
    older.onclick = () => run(() => { cursors.push(before); return show(userId, page.next_before); });
    newer.disabled = !before;
    pageNote.textContent = `page ${cursors.length + 1} · ${page.count} events`;
  }

  async function run(work) {
    showError(c.error, null);
    try {
      await work();
    } catch (e) {
      showError(c.error, e);
    }
  }

  async function loadAll(userId) {
    current = userId;
    cursors = [];
    user.value = userId;
    replace(profile, h("p", { class: "hint" }, "Loading…"));
    replace(sessions);
    const [p, s] = await Promise.allSettled([
      api(`/users/${encodeURIComponent(userId)}/profile`),
      api(`/users/${encodeURIComponent(userId)}/sessions?limit=10`),
    ]);
    if (p.status === "fulfilled") {
      renderProfile(profile, p.value);
    } else if (p.reason.status === 404) {
      replace(profile, h("p", { class: "notice" }, `No events stored for ${userId} yet.`));
    } else {
      replace(profile);
      showError(c.error, p.reason);
    }
    if (s.status === "fulfilled") renderSessions(sessions, s.value.sessions || []);
    else showError(c.error, s.reason);
    await show(userId, null);
  }

  newer.addEventListener("click", () => run(() => { cursors = []; return show(current, null); }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const userId = user.value.trim();
    if (!userId) {
      showError(c.error, new Error("Enter a user id first."));
      return;
    }
    run(() => loadAll(userId));
  });
  return { el: c.el, load: (userId) => run(() => loadAll(userId)) };
}

function renderProfile(container, p) {
  const counts = Object.entries(p.counts || {}).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(" · ");
  replace(container, h("h3", {}, "Profile"), h("dl", { class: "kv" },
    h("dt", {}, "user"), h("dd", { class: "mono" }, p.user_id),
    h("dt", {}, "interactions"), h("dd", {}, `${fmt.int(p.total_interactions)} (${counts || "none"})`),
    h("dt", {}, "ratings"), h("dd", {}, p.rating_count ? `${p.rating_count}, average ${fmt.num(p.avg_rating, 2)}` : "none"),
    h("dt", {}, "favourite genres"), h("dd", {}, (p.favorite_genres || []).slice(0, 6).join(", ") || "–"),
    h("dt", {}, "sessions"), h("dd", {}, fmt.int(p.session_count)),
    h("dt", {}, "first / last"), h("dd", {}, `${fmt.dateTime(p.first_interaction)} / ${fmt.dateTime(p.last_interaction)} (${fmt.ago(p.last_interaction)})`)));
}

function renderSessions(container, sessions) {
  replace(container, h("h3", {}, "Latest sessions"), sessions.length
    ? h("div", { class: "table-scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Started"), h("th", { class: "num" }, "Length"), h("th", { class: "num" }, "Events"),
        h("th", { class: "num" }, "Items"), h("th", { class: "hide-narrow" }, "Session"))),
      h("tbody", {}, sessions.map((s) => h("tr", {},
        h("td", {}, fmt.dateTime(s.start)),
        h("td", { class: "num" }, fmt.duration(s.duration_seconds)),
        h("td", { class: "num" }, s.event_count),
        h("td", { class: "num" }, new Set(s.items || []).size),
        h("td", { class: "mono hide-narrow" }, s.session_id))))))
    : h("p", { class: "hint" }, "No sessions."));
}
