// Deployments the user can see: name, workspace, namespace, phase, created. A row opens the detail.
// Refreshes while any deployment is still changing phase.

import { api } from "../api.js";
import { fill, h } from "../dom.js";
import { canChange, emptyState, loading, notice, phaseBadge, table, time } from "../parts.js";

const SETTLED = new Set(["Ready", "Retained", "Failed"]);
const REFRESH_MS = 4000;

export async function renderDeployments(main, ctx) {
  const body = h("div", { class: "card", id: "deployments" }, loading());
  fill(
    main,
    h(
      "div",
      { class: "page-head" },
      h(
        "div",
        {},
        h("h1", {}, "Deployments"),
        h("p", { class: "lede" }, "Each deployment runs alone in a namespace claimed from its pool."),
      ),
    ),
    body,
  );

  async function load() {
    let items;
    try {
      items = await api.deployments({ signal: ctx.signal });
    } catch (e) {
      if (e.name !== "AbortError" && ctx.alive()) {
        fill(body, notice("error", "Deployments could not be loaded", e.message));
      }
      return;
    }
    if (!ctx.alive()) {
      return;
    }
    items.sort((a, b) => a.name.localeCompare(b.name));
    if (items.length === 0) {
      fill(
        body,
        emptyState(
          "No deployments yet",
          canChange(ctx.me)
            ? "Create one: it gets a namespace of its own from the pool."
            : "Deployments of your workspaces will show up here.",
          canChange(ctx.me) && h("a", { class: "btn primary", href: "#/deployments/new" }, "New deployment"),
        ),
      );
    } else {
      const open = (d) => ctx.go(`/deployments/${encodeURIComponent(d.name)}`);
      fill(
        body,
        table(
          [
            ["Name", (d) => h("a", { href: `#/deployments/${encodeURIComponent(d.name)}`, class: "strong" }, d.name)],
            ["Workspace", (d) => d.workspace || h("span", { class: "faint" }, "—")],
            ["Namespace", (d) => (d.namespace ? h("code", {}, d.namespace) : h("span", { class: "faint" }, "not yet claimed"))],
            ["Phase", (d) => phaseBadge(d.phase)],
            ["Created", (d) => time(d.createdAt)],
          ],
          items,
          { onRowClick: open, rowAttrs: (d) => ({ "data-deployment": d.name }) },
        ),
      );
    }
    if (items.some((d) => !SETTLED.has(d.phase))) {
      ctx.later(REFRESH_MS, load);
    }
  }
  await load();
}
