// The single-page app: the session (token login, whoami, logout), the shell and the hash router.
// Each view gets a context whose signal and timers end when the user navigates away.

import { api, onUnauthenticated, session } from "./api.js";
import { fill, h } from "./dom.js";
import { canChange, notice } from "./parts.js";
import { renderCreate } from "./views/create.js";
import { renderDeployments } from "./views/deployments.js";
import { renderDetail } from "./views/detail.js";
import { renderLogin } from "./views/login.js";
import { renderPools } from "./views/pools.js";

const root = document.getElementById("app");

const routes = [
  { pattern: /^\/deployments$/, nav: "deployments", render: renderDeployments },
  { pattern: /^\/deployments\/new$/, nav: "new", render: renderCreate, needsChange: true },
  { pattern: /^\/deployments\/([^/]+)$/, nav: "deployments", render: renderDetail },
  { pattern: /^\/pools$/, nav: "pools", render: renderPools },
];

let me = null;
let view = null;
let loginMessage = null;

onUnauthenticated((error) => {
  if (!session.token()) {
    return; // Already back at login: requests in flight with the old token fail too.
  }
  session.clear();
  me = null;
  loginMessage = { kind: "error", text: error.message };
  showLogin();
});

window.addEventListener("hashchange", route);
route();

function currentPath() {
  return decodeURI(location.hash.replace(/^#/, "")) || "/deployments";
}

export function go(path) {
  if (location.hash === "#" + path) {
    route();
  } else {
    location.hash = "#" + path;
  }
}

function endView() {
  if (view) {
    view.controller.abort();
    view.timers.forEach(clearTimeout);
    view = null;
  }
}

function newView() {
  endView();
  const controller = new AbortController();
  const timers = new Set();
  view = { controller, timers };
  const mine = view;
  return {
    me,
    go,
    signal: controller.signal,
    alive: () => view === mine,
    later(ms, fn) {
      const id = setTimeout(() => {
        timers.delete(id);
        if (view === mine) {
          fn();
        }
      }, ms);
      timers.add(id);
    },
  };
}

async function route() {
  if (!session.token()) {
    showLogin();
    return;
  }
  if (!me) {
    endView();
    try {
      me = await api.whoami();
    } catch (e) {
      if (e.status !== 401) {
        fill(root, h("main", {}, notice("error", "nspool cannot be reached", e.message)));
      }
      return;
    }
  }
  const path = currentPath();
  const found = routes.map((r) => [r, path.match(r.pattern)]).find(([, match]) => match);
  if (!found || (found[0].needsChange && !canChange(me))) {
    go("/deployments");
    return;
  }
  const [r, match] = found;
  const ctx = newView();
  const main = h("main", { id: "main" });
  fill(root, topbar(r.nav), main);
  window.scrollTo(0, 0);
  try {
    await r.render(main, ctx, ...match.slice(1));
  } catch (e) {
    if (e.name !== "AbortError" && e.status !== 401 && ctx.alive()) {
      fill(main, notice("error", "Something went wrong", e.message));
    }
  }
}

function showLogin() {
  endView();
  const message = loginMessage;
  loginMessage = null;
  fill(
    root,
    renderLogin({
      message,
      async signIn(token) {
        const who = await api.whoami({ token, quiet: true });
        session.save(token);
        me = who;
        route();
      },
    }),
  );
}

function signOut() {
  session.clear();
  me = null;
  loginMessage = { kind: "info", text: "You are signed out; the token was removed from this tab." };
  showLogin();
}

function topbar(active) {
  const link = (key, href, text) =>
    h("a", { href, "aria-current": active === key ? "page" : undefined, id: `nav-${key}` }, text);
  const workspaces = (me.workspaces || []).filter((w) => w && w !== "*");
  return h(
    "header",
    { class: "topbar" },
    h(
      "a",
      { class: "brand", href: "#/deployments" },
      h("span", { class: "brand-mark", "aria-hidden": "true" }, h("span"), h("span"), h("span"), h("span")),
      "nspool",
    ),
    h(
      "nav",
      { class: "nav" },
      link("deployments", "#/deployments", "Deployments"),
      link("pools", "#/pools", "Pools"),
    ),
    h(
      "div",
      { class: "topbar-end" },
      canChange(me) && h("a", { class: "btn primary sm", href: "#/deployments/new", id: "nav-new" }, "New deployment"),
      h(
        "span",
        {
          class: "whoami",
          id: "whoami",
          title: workspaces.length ? `Workspaces: ${workspaces.join(", ")}` : "All workspaces",
        },
        h("span", { class: "name-text" }, "Signed in as "),
        h("strong", { id: "whoami-name" }, me.name),
        h("span", { class: "role", id: "whoami-role" }, me.role),
      ),
      h("button", { class: "btn quiet sm", type: "button", id: "logout", onclick: signOut }, "Log out"),
    ),
  );
}
