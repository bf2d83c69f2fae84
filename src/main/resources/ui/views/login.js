// Token login: the token is checked with whoami before it is kept (in sessionStorage, so it goes
// away with the tab).

import { fill, h } from "../dom.js";
import { notice } from "../parts.js";

export function renderLogin({ message, signIn }) {
  const token = h("input", {
    type: "password",
    id: "token",
    name: "token",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": "token-hint",
  });
  const problem = h("div", { id: "login-message" });
  const submit = h("button", { class: "btn primary", type: "submit", id: "sign-in" }, "Sign in");
  if (message) {
    fill(problem, notice(message.kind, null, message.text));
  }

  async function onSubmit(event) {
    event.preventDefault();
    const value = token.value.trim();
    if (!value) {
      fill(problem, notice("error", null, "Enter your API token."));
      token.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = "Signing in…";
    try {
      await signIn(value);
    } catch (e) {
      fill(problem, notice("error", "Sign-in failed", e.message));
      submit.disabled = false;
      submit.textContent = "Sign in";
      token.select();
    }
  }

  const page = h(
    "div",
    { class: "login" },
    h(
      "div",
      { class: "card" },
      h(
        "div",
        { class: "login-head" },
        h(
          "div",
          { class: "brand" },
          h("span", { class: "brand-mark", "aria-hidden": "true" }, h("span"), h("span"), h("span"), h("span")),
          "nspool",
        ),
        h("p", {}, "Namespaces from a pool, one per deployment."),
      ),
      h(
        "form",
        { class: "form", id: "login-form", onsubmit: onSubmit, novalidate: true },
        problem,
        h(
          "div",
          { class: "field" },
          h("label", { for: "token" }, "API token"),
          token,
          h(
            "div",
            { class: "hint", id: "token-hint" },
            "Your admin hands out tokens (",
            h("code", {}, "POST /api/v1/users"),
            "); ",
            h("code", {}, "nspool up"),
            " prints one. It is kept in this tab only.",
          ),
        ),
        submit,
      ),
    ),
  );
  queueMicrotask(() => token.focus());
  return page;
}
