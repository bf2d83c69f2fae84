// Small pieces every view uses: badges, times, tables, notices. All built with h(), so text only.

import { h } from "./dom.js";

export const NAMESPACE_STATES = ["free", "claimed", "retained", "cleaning", "quarantined", "draining"];

const STATE_HELP = {
  free: "Free: can be claimed by a new deployment.",
  claimed: "Claimed: a deployment runs in it.",
  retained: "Retained: a soft-deleted deployment's data is kept here until purge-after.",
  cleaning: "Cleaning: being scrubbed before it returns to the pool.",
  quarantined: "Quarantined: never offered until the reason below is fixed.",
  draining: "Draining: removed from the pool; leaves when its deployment is deleted.",
  pending: "Pending: nspool has not checked this namespace yet.",
};

const PHASE_HELP = {
  Pending: "Waiting for a namespace.",
  Provisioning: "Namespace claimed; the Helm release is being installed and its pods started.",
  Ready: "Every component is ready.",
  Degraded: "Installed, but some component is not ready.",
  Failed: "The install failed; see the conditions.",
  Deleting: "Being uninstalled.",
  Retained: "Soft-deleted: uninstalled, its namespace and data kept until purge-after.",
};

export function stateBadge(state) {
  const s = String(state || "pending").toLowerCase();
  return h("span", { class: `badge s-${s}`, title: STATE_HELP[s] || s, "data-state": s }, s);
}

export function phaseBadge(phase, large = false) {
  const p = phase || "Pending";
  return h(
    "span",
    { class: ["badge", `p-${p.toLowerCase()}`, large && "lg"], title: PHASE_HELP[p] || p, "data-phase": p },
    p,
  );
}

export function dot(state) {
  return h("span", { class: `dot s-${state}`, "aria-hidden": "true" });
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const UNITS = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "5 minutes ago" / "in 13 days", with the exact time on hover; "—" when there is none. */
export function time(iso) {
  if (!iso) {
    return h("span", { class: "faint" }, "—");
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return h("span", {}, iso);
  }
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  let text = "just now";
  if (Math.abs(seconds) >= 10) {
    const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s);
    text = relative.format(Math.round(seconds / size), unit);
  }
  return h("time", { datetime: iso, title: absolute.format(date) }, text);
}

/** The exact time, then how far off it is: "Dec 5, 2026, 8:10 PM (in 2 weeks)". */
export function when(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) {
    return iso || "—";
  }
  return h("span", {}, absolute.format(date), " (", time(iso), ")");
}

/** A table: columns are [header, cell(row) → node or text, optional td class]. */
export function table(columns, rows, { onRowClick, rowAttrs } = {}) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, columns.map(([title]) => h("th", { scope: "col" }, title)))),
      h(
        "tbody",
        {},
        rows.map((row) =>
          h(
            "tr",
            {
              class: onRowClick && "clickable",
              onclick: onRowClick && ((e) => e.target.closest("a, button") || onRowClick(row)),
              ...(rowAttrs ? rowAttrs(row) : {}),
            },
            columns.map(([, cell, cls]) => h("td", { class: cls }, cell(row))),
          ),
        ),
      ),
    ),
  );
}

export function notice(kind, title, message, attrs = {}) {
  return h(
    "div",
    { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status", ...attrs },
    h("div", {}, title && h("strong", {}, title), message),
  );
}

export function emptyState(title, text, action) {
  return h("div", { class: "empty-state" }, h("h3", {}, title), h("p", {}, text), action);
}

export function loading(text = "Loading…") {
  return h("div", { class: "loading" }, text);
}

export function meter(ready, total) {
  const share = total > 0 ? Math.min(100, Math.round((ready / total) * 100)) : 0;
  const cls = total > 0 && ready >= total ? "s-free" : ready > 0 ? "s-retained" : "s-quarantined";
  return h(
    "span",
    { class: `meter ${cls}` },
    h("span", { class: "track" }, h("span", { class: "fill", style: `width: ${share}%` })),
    `${ready}/${total}`,
  );
}

export function canChange(me) {
  return me && (me.role === "admin" || me.role === "member");
}
