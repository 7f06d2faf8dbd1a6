// SSH key management of one deployment: its keys (GET …/ssh-keys), pasting new ones checked key by key
// with validateSshPublicKeys as you type, add and revoke, and what each running job answered.
import { effectOf, has, lib, permits } from "./lib.js";
import { h } from "./dom.js";
import { explain } from "./labels.js";
import { issueItem } from "./issues.js";

/** The non-blank lines of the paste box, each one a key (the validator trims them). */
const pastedKeys = (text) => text.split("\n").filter((line) => line.trim() !== "");

/** "ssh-ed25519 AAAAC3Nz…Q2xk me@laptop": enough of a key to recognise it. */
function shortKey(key) {
  const [type = "", blob = "", ...rest] = key.trim().split(/\s+/);
  const short = blob.length > 24 ? `${blob.slice(0, 12)}…${blob.slice(-8)}` : blob;
  return [type, short, ...rest].join(" ");
}

/** The index of the key an issue is about (its path ends at the key), or null for the whole set. */
function keyIndex(issue) {
  const last = issue.path?.[issue.path.length - 1];
  return typeof last === "number" ? last : null;
}

/**
 * @param {{ api(): ReturnType<import("./api.js").createApi> | null, current(): any, toast(msg: string, kind?: string): void }} o
 */
export function createSshKeysPanel({ api, current, toast }) {
  const keyList = h("ul", { class: "ssh-keys", testid: "ssh-key-list", "aria-label": "Authorized SSH keys" });
  const input = h("textarea", {
    testid: "ssh-input",
    rows: 3,
    spellcheck: "false",
    autocomplete: "off",
    class: "mono",
    placeholder: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… you@laptop",
    "aria-describedby": "ssh-pasted",
  });
  const pasted = h("ol", { class: "ssh-pasted", id: "ssh-pasted", testid: "ssh-pasted", "aria-live": "polite" });
  const setIssues = h("ul", { class: "field-issues", testid: "ssh-set-issues" });
  const addButton = h("button", { type: "submit", class: "primary", testid: "ssh-add" }, "Add keys");
  const effect = h("p", { class: "muted small", testid: "ssh-effect" });
  const note = h("p", { class: "muted small", testid: "ssh-note" });
  const result = h("div", { class: "ssh-result", testid: "ssh-result", "aria-live": "polite" });
  const addForm = h(
    "form",
    {
      class: "ssh-add",
      testid: "ssh-add-form",
      onsubmit: (event) => {
        event.preventDefault();
        add();
      },
    },
    h("label", {}, "Paste public keys, one per line", input),
    pasted,
    setIssues,
    h("div", { class: "row" }, addButton),
  );
  const el = h(
    "section",
    { class: "card", testid: "ssh-keys", "aria-labelledby": "ssh-title" },
    h("h4", { id: "ssh-title" }, "SSH keys"),
    effect,
    keyList,
    addForm,
    note,
    result,
  );
  let keys = [];
  let loadedFor = null;
  let busy = false;

  // Checks the paste box: every key gets its own line in the list, with its issues next to it.
  function check() {
    const list = pastedKeys(input.value);
    const res =
      list.length && has("validateSshPublicKeys") ? lib.validateSshPublicKeys(list) : { success: true, issues: [] };
    const perKey = list.map(() => []);
    const forSet = [];
    for (const issue of res.issues) {
      const i = keyIndex(issue);
      (i !== null && i < perKey.length ? perKey[i] : forSet).push(issue);
    }
    pasted.replaceChildren(
      ...list.map((key, i) => {
        const ok = !perKey[i].some((x) => x.severity === "error");
        return h(
          "li",
          { testid: "ssh-pasted-key", dataset: { index: i, valid: String(ok) } },
          h("span", { class: `mark ${ok ? "ok" : "bad"}`, "aria-label": ok ? "valid" : "invalid" }, ok ? "✓" : "✕"),
          h("code", { title: key.trim() }, shortKey(key)),
          perKey[i].length
            ? h(
                "ul",
                { class: "field-issues" },
                perKey[i].map((x) => issueItem(x, { testid: "ssh-key-issue" })),
              )
            : null,
        );
      }),
    );
    setIssues.replaceChildren(...forSet.map((x) => issueItem(x, { testid: "ssh-set-issue" })));
    if (res.success) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
    const d = current();
    addForm.hidden = !d || !permits(d.status, "addSshKeys");
    addButton.disabled = busy || !list.length || !res.success || !api()?.supports("addSshKeys");
    return res.success ? list : null;
  }

  function renderKeys() {
    const d = current();
    const canRevoke = Boolean(d) && permits(d.status, "revokeSshKeys");
    if (!keys.length) {
      keyList.replaceChildren(h("li", { class: "empty small" }, "No SSH keys."));
      return;
    }
    keyList.replaceChildren(
      ...keys.map((key) =>
        h(
          "li",
          { testid: "ssh-key", dataset: { key } },
          h("code", { title: key }, shortKey(key)),
          canRevoke
            ? h(
                "button",
                {
                  type: "button",
                  class: "small-button danger",
                  testid: "ssh-revoke",
                  disabled: busy || !api()?.supports("revokeSshKeys"),
                  onclick: () => revoke([key]),
                },
                "Revoke",
              )
            : null,
        ),
      ),
    );
  }

  // The status changed (or the deployment did): show only what the state machine allows now.
  function update() {
    const d = current();
    if (!d) return;
    const client = api();
    const listable = permits(d.status, "listSshKeys") && Boolean(client?.supports("sshKeys"));
    el.hidden = false;
    if (!client?.supports("sshKeys"))
      note.textContent = "SSH keys arrive with DeploymentsClient.sshKeys() in the library.";
    else if (!permits(d.status, "addSshKeys")) note.textContent = `Keys cannot be added or revoked while ${d.status}.`;
    else
      note.textContent = has("validateSshPublicKeys")
        ? ""
        : "Keys are checked by the server only: validateSshPublicKeys() is not in this build of the library.";
    const e = effectOf("addSshKeys", d.status, d.strategy);
    effect.textContent = e && e.kind !== "refused" ? e.explanation : "";
    if (listable && loadedFor !== d.id) load(d.id);
    renderKeys();
    check();
  }

  async function load(id) {
    loadedFor = id;
    keys = [];
    result.replaceChildren();
    el.dataset.loaded = "false";
    try {
      const res = await api().sshKeys(id);
      if (current()?.id !== id) return;
      keys = res.public_keys ?? [];
      el.dataset.loaded = "true";
      renderKeys();
    } catch (err) {
      loadedFor = null;
      toast(`SSH keys: ${explain(err).text}`, "error");
    }
  }

  async function add() {
    const list = check();
    const d = current();
    if (!list || !d) return;
    await send("add", () => api().addSshKeys(d.id, list, d.status), d);
  }

  async function revoke(list) {
    const d = current();
    if (!d) return;
    await send("revoke", () => api().revokeSshKeys(d.id, list, d.status), d);
  }

  async function send(kind, call, d) {
    busy = true;
    check();
    renderKeys();
    try {
      const res = await call();
      if (current()?.id !== d.id) return;
      const after = res.public_keys ?? [];
      const changed = (res.jobs ?? []).length > 0 || after.join("\n") !== keys.join("\n");
      keys = after;
      if (kind === "add") input.value = "";
      showResult(kind, res, changed);
      toast(kind === "add" ? `SSH keys added to ${d.name}.` : `SSH key revoked from ${d.name}.`);
    } catch (err) {
      toast(explain(err).text, "error");
    } finally {
      busy = false;
      renderKeys();
      check();
    }
  }

  // What each running job answered: authorized / revoked, or failed with the node's error.
  function showResult(kind, res, changed) {
    const jobs = res.jobs ?? [];
    const ok = jobs.filter((j) => j.status !== "failed").length;
    const summary = !changed
      ? kind === "add"
        ? "Nothing new: the deployment already has these keys."
        : "Nothing revoked: the deployment does not have this key."
      : jobs.length
        ? `${kind === "add" ? "Authorized" : "Revoked"} on ${ok} of ${jobs.length} running job${jobs.length === 1 ? "" : "s"}.`
        : "No running job to update: jobs started from now on get the new set.";
    result.dataset.kind = kind;
    result.replaceChildren(
      h("p", { class: "small", testid: "ssh-result-summary" }, summary),
      jobs.length
        ? h(
            "table",
            { class: "small" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["Job", "Node", "Result"].map((t) => h("th", { scope: "col" }, t)),
              ),
            ),
            h(
              "tbody",
              {},
              jobs.map((j) =>
                h(
                  "tr",
                  { testid: "ssh-result-row", dataset: { job: j.job, status: j.status } },
                  h("td", {}, h("span", { class: "mono", title: j.job }, `${j.job.slice(0, 8)}…`)),
                  h("td", {}, j.node ? h("span", { class: "mono", title: j.node }, `${j.node.slice(0, 8)}…`) : "—"),
                  h(
                    "td",
                    {},
                    h("span", { class: `badge job-${j.status}` }, j.status),
                    j.error ? h("div", { class: "error-text small", testid: "ssh-result-error" }, j.error) : null,
                  ),
                ),
              ),
            ),
          )
        : null,
    );
  }

  input.addEventListener("input", check);
  return { el, update };
}
