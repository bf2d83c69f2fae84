// The create form. Its namespace field is a dropdown of the pool's available namespaces (plus "any
// available"); with none left it says so, in the server's words, and the form cannot be submitted.
// Its chart field is a dropdown of the pool's chart catalogue, the catalogue's default preselected;
// the size field is the bundled chart's own and shows only for it.

import { api } from "../api.js";
import { fill, h } from "../dom.js";
import { notice } from "../parts.js";
import { MAX_DEPLOYMENT_NAME, dnsLabelProblem } from "../validate.js";

const SIZES = [
  ["small", "1 replica per component; namespace quota 4 CPU, 8 GiB, 20 pods."],
  ["medium", "2 webserver replicas; namespace quota 16 CPU, 32 GiB, 100 pods."],
  ["large", "3 webserver replicas; namespace quota 64 CPU, 128 GiB, 400 pods."],
];

export async function renderCreate(main, ctx) {
  const workspaces = (ctx.me.workspaces || []).filter((w) => w && w !== "*");

  const name = h("input", { type: "text", id: "name", name: "name", autocomplete: "off", spellcheck: "false", "aria-describedby": "name-hint name-problem" });
  const nameProblem = h("div", { class: "problem", id: "name-problem", "aria-live": "polite" });
  const workspace = h("input", {
    type: "text",
    id: "workspace",
    name: "workspace",
    autocomplete: "off",
    spellcheck: "false",
    list: workspaces.length > 1 ? "workspace-options" : undefined,
    value: workspaces.length === 1 ? workspaces[0] : "",
  });
  const workspaceProblem = h("div", { class: "problem", id: "workspace-problem", "aria-live": "polite" });
  const pool = h("select", { id: "pool", name: "pool", disabled: true }, h("option", {}, "Loading pools…"));
  const namespace = h("select", { id: "namespace", name: "namespace", disabled: true }, h("option", {}, "Loading…"));
  const namespaceHint = h("div", { class: "hint", id: "namespace-hint" });
  const chart = h("select", { id: "chart", name: "chart", disabled: true, "aria-describedby": "chart-hint" }, h("option", {}, "Loading…"));
  const chartHint = h("div", { class: "hint", id: "chart-hint" });
  const sizeField = h("div", { class: "field", id: "size-field" });
  let pools = [];
  const size = h("select", { id: "size", name: "size" }, SIZES.map(([v]) => h("option", { value: v }, v)));
  const sizeHint = h("div", { class: "hint", id: "size-hint" });
  const describeSize = () => fill(sizeHint, SIZES.find(([v]) => v === size.value)[1], " Sets values.size.");
  size.addEventListener("change", describeSize);
  describeSize();
  const executors = h("input", { id: "executor-namespaces", name: "executorNamespaces", type: "number", min: "0", max: "8", step: "1", value: "0" });
  const executorsHint = h(
    "div",
    { class: "hint", id: "executor-namespaces-hint" },
    "Extra namespaces for the executor's task pods, claimed together with the deployment's own (0: none).",
  );
  const availability = h("div", { id: "availability" });
  const formError = h("div", { id: "form-error" });
  const submit = h("button", { class: "btn primary", type: "submit", id: "create-submit", disabled: true }, "Create deployment");
  const reload = h("button", { class: "btn quiet sm", type: "button", id: "namespace-reload", onclick: () => loadNamespaces() }, "Refresh");

  let exhausted = true;
  let touched = false;

  function chosenChart() {
    const p = pools.find((x) => x.name === pool.value);
    return (p?.charts || []).find((c) => c.name === chart.value);
  }

  function describeChart() {
    const c = chosenChart();
    fill(
      chartHint,
      !c
        ? "The pool's catalogue has no default: choose a chart."
        : c.source === "bundled"
          ? "nspool's bundled Airflow chart."
          : `${c.source === "oci" ? "OCI registry" : c.source === "repository" ? "Helm repository" : "chart on the server"}${c.location ? " " + c.location : ""}${c.version ? ", version " + c.version : ""}.`,
    );
    sizeField.hidden = !c || c.source !== "bundled";
  }
  chart.addEventListener("change", describeChart);

  function loadCharts() {
    const p = pools.find((x) => x.name === pool.value);
    const charts = p?.charts || [];
    const fallback = charts.find((c) => c.isDefault);
    fill(
      chart,
      !fallback && h("option", { value: "" }, "Choose a chart"),
      charts.map((c) => h("option", { value: c.name, selected: c === fallback }, c.version ? `${c.name} ${c.version}${c.isDefault ? " (default)" : ""}` : `${c.name}${c.isDefault ? " (default)" : ""}`)),
    );
    chart.disabled = charts.length === 0;
    describeChart();
  }

  function checkNames() {
    const n = dnsLabelProblem("name", name.value.trim(), MAX_DEPLOYMENT_NAME);
    const w = dnsLabelProblem("workspace", workspace.value.trim());
    fill(nameProblem, touched || name.value ? n || "" : "");
    name.setAttribute("aria-invalid", n && (touched || name.value) ? "true" : "false");
    fill(workspaceProblem, touched ? w || "" : "");
    workspace.setAttribute("aria-invalid", w && touched ? "true" : "false");
    return n || w;
  }
  name.addEventListener("input", checkNames);
  workspace.addEventListener("input", checkNames);

  function setExhausted(message) {
    exhausted = message !== null;
    submit.disabled = exhausted;
    fill(availability, exhausted ? notice("warn", "No namespace is available", message, { id: "pool-exhausted" }) : null);
  }

  async function loadNamespaces(keepMessage) {
    const p = pool.value;
    namespace.disabled = true;
    submit.disabled = true;
    fill(namespace, h("option", {}, "Loading…"));
    let free;
    let all = [];
    try {
      free = await api.namespaces({ pool: p, available: true }, { signal: ctx.signal });
      if (free.length === 0) {
        all = await api.namespaces({ pool: p }, { signal: ctx.signal });
      }
    } catch (e) {
      if (e.name !== "AbortError" && ctx.alive()) {
        fill(namespace, h("option", {}, "—"));
        fill(formError, notice("error", "Namespaces could not be loaded", e.message));
      }
      return;
    }
    if (!ctx.alive() || p !== pool.value) {
      return;
    }
    const chosen = namespace.value;
    if (free.length === 0) {
      fill(namespace, h("option", { value: "" }, "No namespace available"));
      fill(namespaceHint, "Every namespace of this pool is in use.");
      setExhausted(keepMessage || exhaustedMessage(p, all));
      return;
    }
    fill(
      namespace,
      h("option", { value: "" }, `Any available namespace (${free.length} free)`),
      free.map((n) => h("option", { value: n.name, selected: n.name === chosen }, n.name)),
    );
    namespace.disabled = false;
    fill(namespaceHint, "Only namespaces free to claim are listed. Pick one, or let nspool take any free one.");
    setExhausted(keepMessage || null);
  }

  async function onSubmit(event) {
    event.preventDefault();
    touched = true;
    fill(formError);
    const problem = checkNames();
    if (problem) {
      (dnsLabelProblem("name", name.value.trim(), MAX_DEPLOYMENT_NAME) ? name : workspace).focus();
      return;
    }
    if (exhausted) {
      return;
    }
    submit.disabled = true;
    submit.textContent = "Creating…";
    const body = {
      name: name.value.trim(),
      workspace: workspace.value.trim(),
      pool: pool.value || undefined,
      namespace: namespace.value || undefined,
      chart: chart.value || undefined,
      values: chosenChart()?.source === "bundled" ? { size: size.value } : undefined,
    };
    const executorCount = Number(executors.value || "0");
    if (executorCount > 0) {
      body.executorNamespaces = { count: executorCount };
    }
    try {
      const created = await api.createDeployment(body);
      ctx.go(`/deployments/${encodeURIComponent(created.name)}`);
    } catch (e) {
      if (!ctx.alive()) {
        return;
      }
      submit.textContent = "Create deployment";
      if (e.code === "pool_exhausted") {
        await loadNamespaces(e.message);
        return;
      }
      fill(formError, notice("error", "The deployment was not created", e.message));
      if (e.code === "namespace_unavailable") {
        await loadNamespaces();
      } else {
        submit.disabled = exhausted;
      }
    }
  }

  fill(
    main,
    h(
      "div",
      { class: "page-head" },
      h(
        "div",
        {},
        h("div", { class: "crumbs" }, h("a", { href: "#/deployments" }, "Deployments"), " / New"),
        h("h1", {}, "New deployment"),
        h("p", { class: "lede" }, "It gets a namespace of its own from the pool, and a Helm release in it."),
      ),
    ),
    h(
      "div",
      { class: "card", style: "max-width: 760px" },
      h(
        "form",
        { class: "form", id: "create-form", onsubmit: onSubmit, novalidate: true },
        h(
          "div",
          { class: "field-row" },
          h(
            "div",
            { class: "field" },
            h("label", { for: "name" }, "Name"),
            name,
            h("div", { class: "hint", id: "name-hint" }, `Lowercase letters, digits and '-', at most ${MAX_DEPLOYMENT_NAME} characters. It names the Helm release.`),
            nameProblem,
          ),
          h(
            "div",
            { class: "field" },
            h("label", { for: "workspace" }, "Workspace"),
            workspace,
            workspaces.length > 1 && h("datalist", { id: "workspace-options" }, workspaces.map((w) => h("option", { value: w }))),
            h("div", { class: "hint" }, "The team the deployment belongs to."),
            workspaceProblem,
          ),
        ),
        h(
          "div",
          { class: "field-row" },
          h("div", { class: "field" }, h("label", { for: "pool" }, "Pool"), pool),
          h(
            "div",
            { class: "field" },
            h("div", { class: "label-row" }, h("label", { for: "namespace" }, "Namespace"), reload),
            namespace,
            namespaceHint,
          ),
        ),
        availability,
        h(
          "div",
          { class: "field-row" },
          h("div", { class: "field" }, h("label", { for: "chart" }, "Chart"), chart, chartHint),
          fill(sizeField, h("label", { for: "size" }, "Size"), size, sizeHint),
          h(
            "div",
            { class: "field" },
            h("label", { for: "executor-namespaces" }, "Executor namespaces"),
            executors,
            executorsHint,
          ),
        ),
        formError,
        h("div", { class: "form-foot" }, submit, h("a", { class: "btn quiet", href: "#/deployments" }, "Cancel")),
      ),
    ),
  );
  name.focus();

  try {
    pools = await api.pools({ signal: ctx.signal });
  } catch (e) {
    if (e.name !== "AbortError" && ctx.alive()) {
      fill(formError, notice("error", "Pools could not be loaded", e.message));
    }
    return;
  }
  if (!ctx.alive()) {
    return;
  }
  if (pools.length === 0) {
    fill(pool, h("option", {}, "No pool"));
    fill(namespace, h("option", {}, "—"));
    fill(chart, h("option", {}, "—"));
    setExhausted("There is no pool to create a deployment in. A platform admin creates one first.");
    return;
  }
  fill(pool, pools.map((p) => h("option", { value: p.name }, `${p.name} (${p.counts?.free ?? "?"} free of ${p.counts?.total ?? "?"})`)));
  pool.disabled = false;
  loadCharts();
  pool.addEventListener("change", () => {
    fill(formError);
    loadCharts();
    loadNamespaces();
  });
  await loadNamespaces();
}

// The server says this (409 pool_exhausted) when a create finds nothing free; the form says the same
// before the user tries, counting the pool's namespaces by state as the server does.
function exhaustedMessage(pool, namespaces) {
  if (namespaces.length === 0) {
    return `pool "${pool}" lists no namespaces yet. Ask a platform admin to add namespaces to the pool.`;
  }
  const counts = new Map();
  for (const n of namespaces) {
    const state = n.state === "pending" ? "not ready" : n.state;
    counts.set(state, (counts.get(state) || 0) + 1);
  }
  const breakdown = [...counts].map(([state, count]) => `${count} ${state}`).join(", ");
  return (
    `no kubernetes namespaces are available in pool "${pool}": all ${namespaces.length} namespaces are in use` +
    (breakdown ? ` (${breakdown})` : "") +
    ". Delete a deployment (a hard delete returns its namespace at once), or ask a platform admin to add namespaces to the pool."
  );
}
