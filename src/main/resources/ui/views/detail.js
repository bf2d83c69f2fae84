// One deployment: phase, namespace, release, components, conditions (messages verbatim), events,
// release revisions and logs. Refreshes every few seconds until the deployment is Ready.

import { api } from "../api.js";
import { fill, h } from "../dom.js";
import { canChange, emptyState, loading, meter, notice, phaseBadge, table, time, when } from "../parts.js";
import { confirmDelete } from "./delete-dialog.js";

const POLL_MS = 3000;
const RETAINED_POLL_MS = 15000;
const TAILS = [100, 500, 2000];

export async function renderDetail(main, ctx, rawName) {
  const name = decodeURIComponent(rawName);
  const mayChange = canChange(ctx.me);

  const badge = h("span", { id: "phase" });
  const actions = h("div", { class: "actions" });
  const live = h("span", { class: "live", id: "live", hidden: true }, "Updating every few seconds");
  const banner = h("div", { id: "banner" });
  const facts = h("dl", { class: "facts", id: "facts" });
  const conditions = h("div", { id: "conditions" }, loading());
  const components = h("div", { id: "components" }, loading());
  const events = h("div", { id: "events" }, loading());
  const revisions = h("div", { id: "revisions" }, loading());
  const component = h("select", { class: "select-inline", id: "log-component", "aria-label": "Component" }, h("option", { value: "" }, "All components"));
  const tail = h("select", { class: "select-inline", id: "log-tail", "aria-label": "Lines" }, TAILS.map((n) => h("option", { value: String(n) }, `last ${n} lines`)));
  const logs = h("pre", { class: "logs empty", id: "logs", tabindex: "0" }, "Loading…");
  let deployment = null;
  let shownRevisions = null;
  let gone = null;

  const section = (title, extra, body) =>
    h("section", { class: "card" }, h("div", { class: "card-head section-title" }, h("h3", {}, title), extra), body);

  fill(
    main,
    h(
      "div",
      { class: "page-head" },
      h(
        "div",
        {},
        h("div", { class: "crumbs" }, h("a", { href: "#/deployments" }, "Deployments"), " / ", name),
        h("div", { class: "title-row" }, h("h1", { id: "deployment-name" }, name), badge, live),
      ),
      actions,
    ),
    h(
      "div",
      { class: "stack" },
      banner,
      h("section", { class: "card" }, h("div", { class: "card-body" }, facts)),
      section("Conditions", null, conditions),
      section("Components", null, components),
      section("Events", h("span", { class: "muted small" }, "in the deployment's namespaces"), events),
      section("Revisions", h("span", { class: "muted small" }, "of the Helm release, newest first"), revisions),
      section(
        "Logs",
        h("div", { class: "actions" }, component, tail, h("button", { class: "btn sm", type: "button", id: "log-refresh", onclick: () => loadLogs() }, "Refresh")),
        logs,
      ),
    ),
  );
  component.addEventListener("change", () => loadLogs());
  tail.addEventListener("change", () => loadLogs());

  // Actions refresh at once; only the latest load schedules the next, so polls never pile up.
  let generation = 0;
  let panelsLoading = false;

  async function load() {
    const mine = ++generation;
    try {
      deployment = await api.deployment(name, { signal: ctx.signal });
    } catch (e) {
      if (e.name === "AbortError" || !ctx.alive()) {
        return;
      }
      if (e.status === 404) {
        showGone(e.message);
        return;
      }
      fill(banner, notice("error", "Could not refresh", e.message));
      if (mine === generation) {
        ctx.later(POLL_MS, load);
      }
      return;
    }
    if (!ctx.alive() || mine !== generation) {
      return;
    }
    show(deployment);
    // Helm's history changes only with a new revision or an uninstall: no need to ask every poll.
    const revisionKey = `${deployment.phase}/${deployment.release?.revision ?? ""}`;
    const revisionsChanged = revisionKey !== shownRevisions;
    shownRevisions = revisionKey;
    if (revisionsChanged) {
      loadRevisions();
    }
    // Events and logs load beside the status, one read of each at a time: a slow log read (a
    // kubelet slow to answer for one container) must not hold the phase back.
    if (!panelsLoading) {
      panelsLoading = true;
      Promise.all([loadEvents(), loadLogs(true)]).finally(() => {
        panelsLoading = false;
      });
    }
    const settled = deployment.phase === "Ready";
    live.hidden = settled;
    if (!settled && mine === generation) {
      ctx.later(deployment.phase === "Retained" ? RETAINED_POLL_MS : POLL_MS, load);
    }
  }

  function showGone(message) {
    live.hidden = true;
    fill(actions);
    fill(
      main,
      h(
        "div",
        { class: "card", id: "gone" },
        emptyState(
          gone || `No deployment named ${name}`,
          gone ? "Its namespace is scrubbed and returned to the pool." : message,
          h("a", { class: "btn", href: "#/deployments" }, "Back to deployments"),
        ),
      ),
    );
  }

  function show(d) {
    fill(badge, phaseBadge(d.phase, true));
    fill(actions, actionButtons(d));
    if (d.phase === "Retained") {
      fill(
        banner,
        notice(
          "warn",
          "Soft-deleted",
          h(
            "span",
            {},
            `The release is uninstalled; namespace ${d.namespace || ""} keeps its data until `,
            when(d.purgeAfter),
            mayChange ? ". Restore it before then to bring it back, in the same namespace, with the same data." : ".",
          ),
          { id: "retained-notice" },
        ),
      );
    } else if (!banner.querySelector("[data-keep]")) {
      fill(banner);
    }
    const size = d.values && d.values.size;
    fill(
      facts,
      fact("Namespace", d.namespace ? h("code", { id: "fact-namespace" }, d.namespace) : h("span", { class: "faint" }, "not yet claimed")),
      ...(d.executorNamespaces && d.executorNamespaces.length
        ? [fact("Executor namespaces", h("code", { id: "fact-executor-namespaces" }, d.executorNamespaces.join(", ")))]
        : []),
      fact("Pool", d.pool),
      fact("Workspace", d.workspace),
      fact(
        "Release",
        d.release ? `${d.release.chart || "chart"} · revision ${d.release.revision ?? "—"}` : h("span", { class: "faint" }, "not installed yet"),
      ),
      fact("Size", size ? String(size) : h("span", { class: "faint" }, "chart default")),
      fact("Created", time(d.createdAt)),
      d.purgeAfter && fact("Purge after", time(d.purgeAfter)),
    );
    const conds = d.conditions || [];
    fill(
      conditions,
      conds.length === 0
        ? h("div", { class: "card-body muted" }, "No conditions reported yet.")
        : h("ul", { class: "conditions" }, conds.map(condition)),
    );
    const comps = d.components || [];
    fill(
      components,
      comps.length === 0
        ? h("div", { class: "card-body muted" }, d.release ? "The chart reports no workloads." : "Components appear once the release is installed.")
        : table(
            [
              ["Component", (c) => c.name],
              ["Kind", (c) => h("span", { class: "muted" }, c.kind)],
              ["Ready", (c) => meter(c.readyReplicas ?? 0, c.replicas ?? 0), "num"],
              ["Status", (c) => (c.ready ? h("span", { class: "badge s-free" }, "ready") : h("span", { class: "badge s-retained" }, "not ready"))],
            ],
            comps,
            { rowAttrs: (c) => ({ "data-component": c.name }) },
          ),
    );
    const names = [...new Set(comps.map((c) => logComponent(d.name, c.name)))];
    const current = [...component.options].map((o) => o.value).slice(1);
    if (names.join("\n") !== current.join("\n")) {
      const chosen = component.value;
      fill(component, h("option", { value: "" }, "All components"), names.map((n) => h("option", { value: n, selected: n === chosen }, n)));
    }
  }

  function actionButtons(d) {
    if (!mayChange || d.phase === "Deleting") {
      return [];
    }
    return [
      d.phase === "Retained" &&
        h("button", { class: "btn primary", type: "button", id: "restore", onclick: restore }, "Restore"),
      h("button", { class: "btn", type: "button", id: "delete", onclick: remove }, d.phase === "Retained" ? "Delete now…" : "Delete…"),
    ];
  }

  async function remove() {
    const mode = await confirmDelete(deployment);
    if (!mode || !ctx.alive()) {
      return;
    }
    const hard = mode === "hard";
    if (hard) {
      gone = `${name} was deleted`;
    }
    fill(
      banner,
      notice("info", null, hard ? "Deleting: the release is uninstalled and the namespace scrubbed." : "Soft delete requested: the release is uninstalled, the namespace kept.", { "data-keep": "" }),
    );
    refreshSoon();
  }

  async function restore(event) {
    event.target.disabled = true;
    try {
      await api.restoreDeployment(name);
      fill(banner, notice("info", null, `Restoring ${name} into ${deployment.namespace}.`, { "data-keep": "" }));
    } catch (e) {
      fill(banner, notice("error", "Not restored", e.message));
    }
    refreshSoon();
  }

  function refreshSoon() {
    ctx.later(300, () => {
      banner.querySelector("[data-keep]")?.removeAttribute("data-keep");
      load();
    });
  }

  async function loadEvents() {
    try {
      const items = await api.events(name, { signal: ctx.signal });
      if (!ctx.alive()) {
        return;
      }
      items.sort((a, b) => String(b.lastTimestamp || "").localeCompare(String(a.lastTimestamp || "")));
      fill(
        events,
        items.length === 0
          ? h("div", { class: "card-body muted" }, "No events.")
          : table(
              [
                ["Namespace", (e) => h("span", { class: "mono small", "data-namespace": e.namespace || "" }, e.namespace || "")],
                ["Type", (e) => h("span", { class: ["badge", e.type === "Warning" ? "s-retained" : "s-pending"] }, e.type || "Normal")],
                ["Reason", (e) => e.reason || ""],
                ["Object", (e) => h("span", { class: "mono small" }, e.object || "")],
                ["Message", (e) => e.message || "", "wrap"],
                ["Count", (e) => String(e.count ?? 1), "num"],
                ["Last seen", (e) => time(e.lastTimestamp)],
              ],
              items,
            ),
      );
    } catch (e) {
      if (e.name !== "AbortError" && ctx.alive()) {
        fill(events, h("div", { class: "card-body" }, notice("error", null, e.message)));
      }
    }
  }

  async function loadRevisions() {
    try {
      const items = await api.revisions(name, { signal: ctx.signal });
      if (!ctx.alive()) {
        return;
      }
      items.sort((a, b) => b.revision - a.revision);
      fill(
        revisions,
        items.length === 0
          ? h("div", { class: "card-body muted" }, "No release installed.")
          : table(
              [
                ["Revision", (r) => h("span", { "data-revision": String(r.revision) }, String(r.revision)), "num"],
                ["Status", (r) => h("span", { class: ["badge", r.status === "deployed" ? "s-free" : r.status === "failed" ? "s-quarantined" : "s-pending"] }, r.status)],
                ["Chart", (r) => h("span", { class: "mono small" }, r.chart || "")],
                ["Description", (r) => r.description || "", "wrap"],
                ["Updated", (r) => time(r.updated)],
              ],
              items,
            ),
      );
    } catch (e) {
      shownRevisions = null; // ask again on the next refresh
      if (e.name !== "AbortError" && ctx.alive()) {
        fill(revisions, h("div", { class: "card-body" }, notice("error", null, e.message)));
      }
    }
  }

  async function loadLogs(quietly) {
    const atBottom = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
    if (!quietly) {
      logs.classList.add("empty");
      logs.textContent = "Loading…";
    }
    try {
      const text = await api.logs(name, { component: component.value || undefined, tail: tail.value }, { signal: ctx.signal });
      if (!ctx.alive()) {
        return;
      }
      logs.classList.toggle("empty", !text);
      if (text) {
        fill(logs, text.replace(/\n$/, "").split("\n").map(logLine));
      } else {
        logs.textContent = "No log lines yet.";
      }
      if (atBottom || !quietly) {
        logs.scrollTop = logs.scrollHeight;
      }
    } catch (e) {
      if (e.name !== "AbortError" && ctx.alive()) {
        logs.classList.add("empty");
        logs.textContent = e.message;
      }
    }
  }

  await load();
}

// The server labels every line [namespace/pod/container]; the label is shown apart from the text,
// with the namespace and pod as attributes, so lines of several namespaces and pods stay apart.
const LOG_LINE = /^\[([^/\]]+)\/([^/\]]+)\/([^/\]]+)\] ?(.*)$/;

function logLine(line) {
  const m = LOG_LINE.exec(line);
  if (!m) {
    return h("span", { class: "log-line" }, line, "\n");
  }
  const [, namespace, pod, container, rest] = m;
  return h(
    "span",
    { class: "log-line", "data-namespace": namespace, "data-pod": pod, "data-container": container },
    h("span", { class: "log-source", title: `namespace ${namespace}, pod ${pod}, container ${container}` }, `${namespace}/${pod}/${container}`),
    " ",
    rest,
    "\n",
  );
}

// Workloads are named RELEASE-COMPONENT (Helm's convention, and the bundled chart's); the logs
// endpoint takes a component by its status name or without the release prefix, as shown here.
function logComponent(release, workload) {
  return workload.startsWith(release + "-") ? workload.slice(release.length + 1) : workload;
}

function fact(label, value) {
  return h("div", {}, h("dt", {}, label), h("dd", {}, value));
}

function condition(c) {
  const status = String(c.status || "Unknown").toLowerCase();
  return h(
    "li",
    { class: ["condition", `c-${status}`, status === "false" && "bad"], "data-condition": c.type },
    h("span", { class: "mark", title: `status ${c.status}` }),
    h("div", { class: "head" }, h("span", { class: "type" }, c.type), h("span", { class: "muted small" }, c.status), c.reason && h("span", { class: "reason" }, c.reason)),
    h("span", { class: "time" }, time(c.lastTransitionTime)),
    c.message && h("div", { class: "message" }, c.message),
  );
}
