// Pool overview: per pool, the counts per namespace state and every namespace with its state,
// deployment, since, purge-after and (for quarantined ones) the reason. Refreshes quietly.

import { api } from "../api.js";
import { fill, h } from "../dom.js";
import { NAMESPACE_STATES, dot, emptyState, loading, notice, stateBadge, table, time } from "../parts.js";

const REFRESH_MS = 5000;

export async function renderPools(main, ctx) {
  const body = h("div", { class: "stack", id: "pools" }, loading());
  fill(
    main,
    h(
      "div",
      { class: "page-head" },
      h(
        "div",
        {},
        h("h1", {}, "Pools"),
        h("p", { class: "lede" }, "The pre-created namespaces nspool hands out, one per deployment, and what each is doing now."),
      ),
    ),
    body,
  );

  async function load() {
    try {
      const [pools, namespaces] = await Promise.all([
        api.pools({ signal: ctx.signal }),
        api.namespaces({}, { signal: ctx.signal }),
      ]);
      if (!ctx.alive()) {
        return;
      }
      if (pools.length === 0) {
        fill(body, h("div", { class: "card" }, emptyState("No pools yet", "A platform admin creates a NamespacePool listing the pre-created namespaces.")));
      } else {
        fill(body, pools.map((p) => poolCard(p, namespaces.filter((n) => n.pool === p.name))));
      }
    } catch (e) {
      if (e.name === "AbortError" || !ctx.alive()) {
        return;
      }
      fill(body, notice("error", "Pools could not be loaded", e.message));
    }
    ctx.later(REFRESH_MS, load);
  }
  await load();
}

function poolCard(pool, namespaces) {
  const counts = pool.counts || {};
  const total = counts.total ?? namespaces.length;
  const deletes = pool.hardDelete ? "every delete is hard" : `soft-deleted data kept ${pool.retention || "until purge"}`;
  return h(
    "section",
    { class: "card", "data-pool": pool.name },
    h(
      "div",
      { class: "card-head" },
      h("h2", {}, pool.name),
      h(
        "span",
        { class: "meta" },
        [`${total} namespaces`, pool.namespaceSelector ? `namespaces labelled ${pool.namespaceSelector}` : null, deletes, chartsLine(pool)]
          .filter(Boolean)
          .join(" · "),
      ),
    ),
    h(
      "div",
      { class: "card-body" },
      h(
        "div",
        { class: "counts" },
        NAMESPACE_STATES.map((s) =>
          h(
            "div",
            { class: ["count", !counts[s] && "zero"], "data-count": s },
            h("span", { class: "n" }, String(counts[s] ?? 0)),
            h("span", { class: "label" }, dot(s), s),
          ),
        ),
      ),
      h(
        "div",
        { class: "poolbar", role: "img", "aria-label": NAMESPACE_STATES.map((s) => `${counts[s] ?? 0} ${s}`).join(", ") },
        NAMESPACE_STATES.filter((s) => (counts[s] ?? 0) > 0).map((s) =>
          h("span", { class: `s-${s}`, style: `flex: ${counts[s]}`, title: `${counts[s]} ${s}` }),
        ),
      ),
    ),
    namespaces.length === 0
      ? h(
          "div",
          { class: "card-body muted" },
          pool.namespaceSelector ? `No namespace is labelled ${pool.namespaceSelector} yet.` : "This pool lists no namespaces.",
        )
      : table(
          [
            ["Namespace", (n) => h("code", {}, n.name)],
            ["State", (n) => stateBadge(n.state)],
            ["Deployment", deploymentCell],
            ["Since", (n) => time(n.since)],
            ["Purge after", (n) => time(n.purgeAfter)],
            ["Reason", (n) => n.reason || "", "wrap small"],
          ],
          namespaces,
          { rowAttrs: (n) => ({ "data-namespace": n.name }) },
        ),
  );
}

function deploymentCell(n) {
  if (n.deployment) {
    return h("a", { href: `#/deployments/${encodeURIComponent(n.deployment)}` }, n.deployment);
  }
  if (["claimed", "retained", "draining"].includes(n.state)) {
    return h("span", { class: "faint", title: "A deployment of another workspace" }, "in use");
  }
  return h("span", { class: "faint" }, "—");
}

// The catalogue in a few words: "charts airflow-official 1.15.0 (default), in-house".
function chartsLine(pool) {
  const charts = pool.charts || [];
  if (charts.length === 0 || (charts.length === 1 && charts[0].source === "bundled")) {
    return "bundled chart";
  }
  return "charts " + charts.map((c) => `${c.name}${c.version ? " " + c.version : ""}${c.isDefault ? " (default)" : ""}`).join(", ");
}
