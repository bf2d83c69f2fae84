// The delete confirmation: soft (keep the namespace and its data until purge-after, restorable) or
// hard (scrub the namespace and return it to the pool at once). Resolves to "soft" or "hard" once
// the server accepted the delete, null when cancelled.

import { api } from "../api.js";
import { fill, h } from "../dom.js";
import { notice } from "../parts.js";

export async function confirmDelete(deployment) {
  let pool = null;
  try {
    pool = await api.pool(deployment.pool);
  } catch (e) {
    // The dialog still works without the pool's settings; the server applies them anyway.
  }
  const ns = deployment.namespace || "its namespace";
  const retained = deployment.phase === "Retained";
  const softAllowed = !retained && !(pool && pool.hardDelete);
  const retention = pool && pool.retention ? `the pool's retention (${pool.retention})` : "the pool's retention";

  const choice = (value, title, explain) =>
    h(
      "label",
      { class: "choice", "data-choice": value },
      h("input", { type: "radio", name: "mode", value, checked: value === (softAllowed ? "soft" : "hard") }),
      h("span", { class: "title" }, title),
      h("span", { class: "explain" }, explain),
    );

  const confirm = h("button", { class: "btn", type: "submit", id: "delete-confirm" });
  const cancel = h("button", { class: "btn quiet", type: "button", id: "delete-cancel" }, "Cancel");
  const problem = h("div", { id: "delete-problem" });
  const form = h(
    "form",
    { method: "dialog" },
    h("div", { class: "dialog-head" }, h("h2", {}, `Delete ${deployment.name}?`)),
    h(
      "div",
      { class: "dialog-body" },
      retained &&
        notice("info", null, `This deployment is already soft-deleted. Deleting it now scrubs ${ns} and returns it to the pool instead of waiting for purge-after.`),
      pool &&
        pool.hardDelete &&
        notice("info", null, `Pool ${pool.name} is set to hard delete: every delete scrubs the namespace and returns it to the pool.`),
      softAllowed &&
        choice(
          "soft",
          "Soft delete — keep the namespace",
          `Uninstalls the release but keeps ${ns} with everything in it until ${retention} runs out. Until then you can restore the deployment, into the same namespace with the same data. Nobody else gets the namespace meanwhile.`,
        ),
      choice(
        "hard",
        "Hard delete — scrub and return the namespace",
        `Uninstalls the release, deletes everything the deployment left in ${ns} (secrets, volume claims, config) and returns the namespace to the pool for the next deployment. It cannot be restored.`,
      ),
      problem,
    ),
    h("div", { class: "dialog-foot" }, cancel, confirm),
  );
  const dialog = h("dialog", { id: "delete-dialog", "aria-labelledby": "delete-title" }, form);
  form.querySelector("h2").id = "delete-title";

  const mode = () => form.querySelector("input[name=mode]:checked").value;
  const label = () => {
    const hard = mode() === "hard";
    confirm.textContent = hard ? "Hard delete" : "Soft delete";
    confirm.className = hard ? "btn danger" : "btn primary";
  };
  form.addEventListener("change", label);
  label();

  document.body.append(dialog);
  dialog.showModal();
  return new Promise((resolve) => {
    let accepted = null;
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(accepted);
    });
    cancel.addEventListener("click", () => dialog.close());
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      confirm.disabled = true;
      cancel.disabled = true;
      fill(problem);
      try {
        await api.deleteDeployment(deployment.name, mode() === "hard");
        accepted = mode();
        dialog.close();
      } catch (e) {
        fill(problem, notice("error", "Not deleted", e.message));
        confirm.disabled = false;
        cancel.disabled = false;
      }
    });
  });
}
