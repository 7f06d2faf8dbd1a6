// The playground page: job definition editor, deployment form and dashboard.
import { has, lib } from "./lib.js";
import { $, h } from "./dom.js";
import { createEditor, issueLocation } from "./editor.js";
import { setupForm } from "./form.js";
import { setupDashboard } from "./dashboard.js";
import { createApi } from "./api.js";
import { seedSigner } from "./wallet.js";
import { announce } from "./announce.js";
import { explain } from "./labels.js";
import { richText } from "./format.js";
import { connectWallet, watchWallets } from "./wallet-standard.js";

const SETTINGS_KEY = "nosana-playground-settings";

function toast(message, kind = "info") {
  const box = $('[data-testid="toasts"]');
  const item = h("div", { class: `toast ${kind}`, role: kind === "error" ? "alert" : "status" }, message);
  box.append(item);
  if (kind !== "error") announce(message); // an error toast is role=alert, announced at once
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

async function loadConfig() {
  try {
    const res = await fetch("/config.json");
    if (res.ok) return await res.json();
  } catch {
    /* served without config: no sandbox */
  }
  return { sandboxUrl: null, demoWallet: null };
}

function loadSettings() {
  try {
    return JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "{}");
  } catch {
    return {};
  }
}

// ---------- the API connection ----------
function setupConnection(config) {
  const form = $('[data-testid="settings"]');
  const saved = loadSettings();
  const fields = form.elements;
  fields.baseUrl.value = saved.baseUrl || config.sandboxUrl || "";
  fields.address.value = saved.address ?? "";
  fields.authorization.value = saved.authorization ?? "";
  let current = null;
  let browserWallet = null; // a Wallet Standard wallet's signer, once connected
  /** Whether the API URL in Settings is the local sandbox's (trailing slashes aside). */
  const onSandbox = () =>
    Boolean(config.sandboxUrl) && fields.baseUrl.value.trim().replace(/\/+$/, "") === config.sandboxUrl;

  async function connect() {
    const baseUrl = fields.baseUrl.value.trim();
    const useDemo = Boolean(config.demoWallet) && onSandbox();
    form.dataset.mode = browserWallet ? "wallet" : useDemo ? "sandbox" : "custom";
    $('[data-testid="custom-auth"]').hidden = useDemo || Boolean(browserWallet);
    let options;
    let address;
    if (browserWallet) {
      options = { wallet: browserWallet };
      address = browserWallet.address;
    } else if (useDemo) {
      // The sandbox's public throw-away demo key (see docs/playground.md), signing with Web Crypto.
      const wallet = await seedSigner(config.demoWallet.address, config.demoWallet.secretBase58);
      options = { wallet };
      address = wallet.address;
    } else {
      address = fields.address.value.trim();
      const authorization = fields.authorization.value.trim();
      options = { headers: address && authorization ? { "x-user-id": address, authorization } : {} };
    }
    current?.close();
    current = null;
    try {
      current = baseUrl ? createApi({ baseUrl, ...options }) : null;
    } catch (err) {
      toast(`Cannot use ${baseUrl}: ${err.message}`, "error");
    }
    $('[data-testid="wallet-address"]').textContent = address
      ? `${address.slice(0, 6)}…${address.slice(-4)}`
      : "no wallet";
    $('[data-testid="wallet-address"]').title = address || "";
    $('[data-testid="connection"]').textContent = current
      ? useDemo
        ? "local sandbox"
        : new URL(baseUrl).host
      : "not connected";
    $('[data-testid="wallet-address"]').dataset.wallet = browserWallet
      ? browserWallet.name
      : useDemo
        ? "demo"
        : "header";
    return current;
  }

  // Wallet Standard wallets: one Connect button each, as they register with the page.
  const walletList = $('[data-testid="wallet-list"]');
  const walletStatus = $('[data-testid="wallet-status"]');
  const disconnect = $('[data-testid="wallet-disconnect"]');
  watchWallets((wallets) => {
    walletList.replaceChildren(
      ...wallets.map((wallet) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              testid: "wallet-connect",
              dataset: { wallet: wallet.name },
              onclick: async () => {
                try {
                  browserWallet = await connectWallet(wallet);
                  walletStatus.textContent = `Signing with ${wallet.name} (${browserWallet.address}).`;
                  disconnect.hidden = false;
                  form.dispatchEvent(new CustomEvent("connected"));
                } catch (err) {
                  walletStatus.textContent = `${wallet.name} did not connect: ${err?.message ?? err}`;
                  toast(walletStatus.textContent, "error");
                }
              },
            },
            wallet.icon ? h("img", { src: wallet.icon, alt: "", width: 16, height: 16 }) : null,
            `Connect ${wallet.name}`,
          ),
        ),
      ),
    );
    if (!wallets.length && !browserWallet)
      walletStatus.textContent = "No browser wallet found (Phantom, Solflare, Backpack…).";
  });
  disconnect.addEventListener("click", () => {
    browserWallet = null;
    disconnect.hidden = true;
    walletStatus.textContent = "Disconnected: the sandbox's demo wallet (or the header below) signs again.";
    form.dispatchEvent(new CustomEvent("connected"));
  });

  fields.baseUrl.addEventListener("input", () => {
    const demo = Boolean(config.demoWallet) && onSandbox();
    $('[data-testid="custom-auth"]').hidden = demo || Boolean(browserWallet);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    localStorage.setItem(
      SETTINGS_KEY,
      JSON.stringify({
        baseUrl: fields.baseUrl.value.trim(),
        address: fields.address.value.trim(),
        authorization: fields.authorization.value.trim(),
      }),
    );
    form.dispatchEvent(new CustomEvent("connected"));
  });
  $('[data-testid="settings-reset"]').addEventListener("click", () => {
    localStorage.removeItem(SETTINGS_KEY);
    fields.baseUrl.value = config.sandboxUrl ?? "";
    form.dispatchEvent(new CustomEvent("connected"));
  });
  // Escape closes Settings and gives the focus back to its toggle.
  const box = form.closest("details");
  box.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !box.open) return;
    event.preventDefault();
    box.open = false;
    box.querySelector("summary").focus();
  });
  return {
    connect,
    api: () => current,
    form,
    isSandbox: onSandbox,
  };
}

// ---------- the editor, its issue list and the template picker ----------
async function setupEditorPanel(onChange) {
  const picker = $('[data-testid="template-picker"]');
  const templates = await fetch("/templates/index.json").then((r) => r.json());
  for (const group of [false, true]) {
    const og = h("optgroup", { label: group ? "Broken examples" : "Real job definitions" });
    for (const t of templates.filter((x) => Boolean(x.broken) === group))
      og.append(h("option", { value: t.id, title: t.source ?? "" }, t.label));
    picker.append(og);
  }
  const fetchTemplate = (id) => fetch(`/templates/${templates.find((t) => t.id === id).file}`).then((r) => r.text());
  const initialId = new URL(location.href).searchParams.get("template") ?? "nginx";
  picker.value = templates.some((t) => t.id === initialId) ? initialId : "nginx";

  const list = $('[data-testid="issue-list"]');
  const summary = $('[data-testid="editor-status"]');
  let editor = null;
  const onResult = (result) => {
    const errors = result.issues.filter((i) => i.severity === "error").length;
    const warnings = result.issues.length - errors;
    summary.textContent =
      result.issues.length === 0
        ? "✓ valid"
        : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
    summary.dataset.state = errors ? "error" : warnings ? "warning" : "valid";
    // In document order, so the list reads top to bottom like the editor.
    const ordered = [...result.issues].sort((a, b) => (a.range?.start.offset ?? -1) - (b.range?.start.offset ?? -1));
    list.replaceChildren(
      ...ordered.map((issue) =>
        h(
          "li",
          {
            class: `issue ${issue.severity}`,
            testid: "issue",
            dataset: { code: issue.code, severity: issue.severity, location: issueLocation(issue) },
          },
          h(
            "button",
            {
              type: "button",
              class: "issue-button",
              onclick: () => editor?.reveal(issue),
              title: "Show in the editor",
            },
            h("span", { class: "sev", "aria-label": issue.severity }, issue.severity === "error" ? "✕" : "!"),
            h("span", { class: "loc mono", testid: "issue-location" }, issueLocation(issue)),
            h("code", { testid: "issue-code" }, issue.code),
            h("span", { class: "msg", testid: "issue-message" }, richText(issue.message)),
          ),
          // The hint apart from the message, and each quick fix as an action of its own.
          issue.hint ? h("p", { class: "hint", testid: "issue-hint" }, "Hint: ", richText(issue.hint)) : null,
          (issue.fixes ?? []).length
            ? h(
                "div",
                { class: "fixes" },
                issue.fixes.map((fix) =>
                  h(
                    "button",
                    {
                      type: "button",
                      class: "small-button",
                      testid: "issue-fix",
                      onclick: () => editor?.applyFix(fix),
                    },
                    richText(fix.title),
                  ),
                ),
              )
            : null,
        ),
      ),
    );
    document.body.dataset.validated = String(Number(document.body.dataset.validated ?? 0) + 1);
    onChange(result);
  };
  editor = createEditor($('[data-testid="editor"]'), { initial: await fetchTemplate(picker.value), onResult });
  picker.addEventListener("change", async () => editor.setText(await fetchTemplate(picker.value)));
  return editor;
}

// ---------- start ----------
async function start() {
  $('[data-testid="version"]').textContent = lib.version();
  const rules = has("listRules") ? lib.listRules() : [];
  $('[data-testid="rule-count"]').textContent = String(rules.length);

  const config = await loadConfig();
  const connection = setupConnection(config);

  let form = null;
  const editor = await setupEditorPanel(() => form?.update());
  const jobDefinition = () => {
    const text = editor.getText();
    try {
      const value = JSON.parse(text);
      return { value, error: null, errorCount: editor.result.issues.filter((i) => i.severity === "error").length };
    } catch {
      // The library's message for the same text, so the form and the editor never disagree.
      const issue = editor.result.issues.find((i) => i.code === "invalidJson") ?? editor.result.issues[0];
      const error = issue ? `${issueLocation(issue)} ${issue.message.replaceAll("`", "")}` : "the text is not JSON";
      return { value: undefined, error, errorCount: 1 };
    }
  };

  const dashboard = setupDashboard($('[data-testid="dashboard"]'), {
    api: connection.api,
    isSandbox: connection.isSandbox,
    toast,
    loadRevision(jd, label) {
      editor.setText(JSON.stringify(jd, null, 2));
      toast(`Loaded ${label} into the editor.`);
      $('[data-testid="editor-panel"]').scrollIntoView({ behavior: "smooth" });
    },
  });

  form = setupForm($('[data-testid="deployment-form"]'), {
    jobDefinition,
    async deploy(body) {
      const api = connection.api();
      const result = $('[data-testid="deploy-result"]');
      if (!api) {
        toast("Not connected to an API: set a base URL in the settings.", "error");
        return;
      }
      try {
        const created = await api.create(body);
        result.replaceChildren(
          "Created ",
          h("strong", {}, created.name),
          ` (${created.status}) `,
          h("span", { class: "mono small" }, created.id),
        );
        result.className = "deploy-result good";
        result.dataset.id = created.id;
        toast(`Created ${created.name}.`);
        await dashboard.loadList();
        dashboard.select(created.id);
        $('[data-testid="dashboard"]').scrollIntoView({ behavior: "smooth", block: "start" });
      } catch (err) {
        result.textContent = explain(err).text;
        result.className = "deploy-result bad";
        toast(explain(err).text, "error");
      }
    },
  });

  // One DeploymentStore per API and wallet: a new connection disposes the old store (its requests,
  // streams and timers) before its client is freed, and the dashboard starts from nothing.
  let store = null;
  const restart = async () => {
    dashboard.attach(null);
    store?.dispose();
    store = null;
    const api = await connection.connect();
    store = api ? new lib.DeploymentStore({ client: api.client }) : null;
    dashboard.attach(store);
  };
  connection.form.addEventListener("connected", restart);
  $('[data-testid="refresh"]').addEventListener("click", () => dashboard.refresh());
  await restart();
  // The list is not streamed: look again now and then while the page is visible.
  setInterval(() => {
    if (document.visibilityState === "visible") dashboard.loadList();
  }, 10_000);
  // For the end-to-end tests and for poking around in the console.
  window.playground = { lib, editor, form, dashboard };
  document.body.dataset.ready = "true";
}

start().catch((err) => {
  console.error(err);
  document.body.dataset.ready = "error";
  toast(`The page failed to start: ${err.message}`, "error");
});
