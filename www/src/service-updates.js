// The service's newer changes to one deployment: duplicate (also from ARCHIVED), market and
// requirements (a market change restarts running jobs), and the startup timeout of INFINITE deployments.
// Each form is checked with validateDeploymentUpdate before it is sent and is offered only where the
// state machine (canPerform) and the library's client allow it.
import { checkUpdate, effectOf, permits } from "./lib.js";
import { h } from "./dom.js";
import { explain } from "./labels.js";
import { issueItem, pageIssue } from "./issues.js";

/**
 * One form for one action: `read()` gives `{ body, value, issues }` (issues found by the page itself),
 * `send(value)` calls the API. The submit button follows the checks and `canPerform`.
 */
function actionForm({ action, testid, label, fields, read, send, api, current, toast, done, effectTestid }) {
  const issues = h("ul", { class: "field-issues", testid: `${testid}-issues` });
  const effect = effectTestid ? h("p", { class: "small effect", testid: effectTestid }) : null;
  const button = h("button", { type: "submit", testid: `update-${action}` }, label);
  let busy = false;
  const check = () => {
    const d = current();
    const { body, value, issues: own = [], incomplete = false } = read(d);
    // Incomplete (e.g. an empty number box): nothing to send yet, and nothing to complain about.
    const res = incomplete
      ? { success: false, issues: [] }
      : own.length
        ? { success: false, issues: own }
        : (checkUpdate(action, body) ?? { success: true, issues: [] });
    issues.replaceChildren(...res.issues.map((i) => issueItem(i)));
    // Hidden where the state machine forbids it; disabled while the library's client cannot send it.
    const supported = Boolean(api()?.supports(action));
    form.hidden = !permits(d.status, action);
    button.disabled = busy || !res.success || !supported;
    button.title = supported ? "" : `This build of the library has no DeploymentsClient.${action}() yet.`;
    if (effect) {
      const e = effectOf(action, d.status, d.strategy);
      effect.textContent = e ? e.explanation : "";
      effect.classList.toggle("warning", e?.kind === "immediate");
      effect.dataset.kind = e?.kind ?? "";
    }
    return res.success ? value : undefined;
  };
  const form = h(
    "form",
    {
      class: "action-form",
      testid,
      onsubmit: async (event) => {
        event.preventDefault();
        const value = check();
        const d = current();
        if (value === undefined || !d) return;
        busy = true;
        button.disabled = true;
        try {
          done(await send(d, value), d);
        } catch (err) {
          toast(explain(err).text, "error");
        } finally {
          busy = false;
          check();
        }
      },
    },
    fields,
    h("div", { class: "row" }, button),
    issues,
    effect,
  );
  for (const f of form.querySelectorAll("input, textarea")) f.addEventListener("input", check);
  form.check = check;
  return form;
}

/** The requirements box: a JSON object, or empty for "no requirements" (`null`). */
function readRequirements(text) {
  if (text.trim() === "") return { value: null };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { issues: [pageIssue("invalidJson", `Requirements must be a JSON object: ${err.message}`)] };
  }
}

/**
 * @param {{ api(): any, current(): any, toast(msg: string, kind?: string): void, changed(patch: object): void, duplicated(d: any): void }} o
 *   changed: the deployment's fields an update answered with; duplicated: the new copy.
 */
export function createServiceUpdates({ api, current, toast, changed, duplicated }) {
  const d0 = current();
  const common = { api, current, toast };

  // ---------- duplicate ----------
  const dupName = h("input", { testid: "duplicate-name", placeholder: `${d0.name} (copy)`, autocomplete: "off" });
  const dupMarket = h("input", {
    testid: "duplicate-market",
    class: "mono",
    placeholder: d0.market,
    autocomplete: "off",
    spellcheck: "false",
  });
  const dupAutostart = h("input", { type: "checkbox", testid: "duplicate-autostart" });
  const duplicate = actionForm({
    ...common,
    action: "duplicate",
    testid: "duplicate-form",
    label: "Duplicate",
    fields: [
      h("label", {}, "Name ", h("span", { class: "muted small" }, "(empty: the source's name + “(copy)”)"), dupName),
      h("label", {}, "Market ", h("span", { class: "muted small" }, "(empty: the same market)"), dupMarket),
      h("label", { class: "check" }, dupAutostart, "Start the copy at once"),
    ],
    read() {
      const overrides = {};
      if (dupName.value !== "") overrides.name = dupName.value;
      if (dupMarket.value.trim() !== "") overrides.market = dupMarket.value.trim();
      if (dupAutostart.checked) overrides.autostart = true;
      return { body: overrides, value: overrides };
    },
    send: (d, overrides) => api().duplicate(d.id, overrides, d.status),
    done(copy, d) {
      toast(`Duplicated ${d.name} as ${copy.name}.`);
      duplicated(copy);
    },
  });

  // ---------- market and requirements ----------
  const marketInput = h("input", {
    testid: "market-input",
    class: "mono",
    value: d0.market ?? "",
    autocomplete: "off",
    spellcheck: "false",
    "aria-label": "Market",
  });
  const market = actionForm({
    ...common,
    action: "updateMarket",
    testid: "market-form",
    label: "Change market",
    effectTestid: "market-warning",
    fields: [h("label", {}, "Market", marketInput)],
    read: () => ({ body: { market: marketInput.value.trim() }, value: marketInput.value.trim() }),
    send: (d, value) => api().updateMarket(d.id, value, d.status),
    done(res) {
      toast("Market changed.");
      changed(res);
    },
  });
  const reqInput = h("textarea", {
    testid: "requirements-input",
    class: "mono",
    rows: 3,
    spellcheck: "false",
    placeholder: '{ "gpu": "RTX 4090", "vram": 24 }',
    "aria-label": "Requirements",
  });
  reqInput.value = d0.requirements ? JSON.stringify(d0.requirements) : "";
  const requirements = actionForm({
    ...common,
    action: "updateRequirements",
    testid: "requirements-form",
    label: "Change requirements",
    effectTestid: "requirements-effect",
    fields: [
      h(
        "label",
        {},
        "Requirements ",
        h(
          "span",
          { class: "muted small" },
          "(JSON: a number is a minimum, a string or boolean an exact match; empty clears them; sent with the market above)",
        ),
        reqInput,
      ),
    ],
    read() {
      const req = readRequirements(reqInput.value);
      const body = { market: marketInput.value.trim(), requirements: req.value };
      return { body, value: body, issues: req.issues };
    },
    send: (d, body) => api().updateRequirements(d.id, body, d.status),
    done(res) {
      toast("Requirements changed.");
      changed(res);
    },
  });
  marketInput.addEventListener("input", () => requirements.check());
  const marketNote = h("p", { class: "muted small", testid: "market-note" });

  // ---------- startup timeout (INFINITE only, and only with an exposed port) ----------
  const timeoutInput = h("input", {
    type: "number",
    min: 1,
    inputmode: "numeric",
    testid: "startup-timeout-input",
    value: d0.startup_timeout ?? "",
    "aria-label": "Startup timeout (min)",
  });
  const startup = actionForm({
    ...common,
    action: "updateStartupTimeout",
    testid: "startup-timeout-form",
    label: "Apply",
    effectTestid: "startup-timeout-effect",
    fields: [
      h(
        "label",
        {},
        "Startup timeout ",
        h("span", { class: "muted small" }, "(minutes a new job has to come online before it is replaced)"),
        timeoutInput,
      ),
    ],
    read: () => {
      const raw = timeoutInput.value.trim();
      const value = Number(raw);
      return { body: { startup_timeout: value }, value, incomplete: raw === "" };
    },
    send: (d, minutes) => api().updateStartupTimeout(d.id, minutes, d.status),
    done(res) {
      toast("Startup timeout changed.");
      changed(res);
    },
  });
  const startupNote = h("p", { class: "muted small", testid: "startup-timeout-note" });

  const cards = {
    duplicate: h(
      "section",
      { class: "card", testid: "duplicate" },
      h("h4", {}, "Duplicate"),
      h(
        "p",
        { class: "muted small" },
        "A new deployment with this one's active job definition, settings and SSH keys; this one is not changed.",
      ),
      duplicate,
    ),
    market: h(
      "section",
      { class: "card", testid: "market" },
      h("h4", {}, "Market and requirements"),
      market,
      requirements,
      marketNote,
    ),
    startup: h(
      "section",
      { class: "card", testid: "startup-timeout" },
      h("h4", {}, "Startup timeout"),
      startup,
      startupNote,
    ),
  };

  function update() {
    const d = current();
    if (!d) return;
    for (const f of [duplicate, market, requirements, startup]) f.check();
    cards.duplicate.hidden = duplicate.hidden;
    marketNote.textContent =
      market.hidden && requirements.hidden ? `The market and requirements cannot change while ${d.status}.` : "";
    // Offered only where it means something: the strategy and the state machine decide.
    const infinite = d.strategy === "INFINITE";
    const exposed = (d.endpoints ?? []).length > 0;
    cards.startup.hidden = !infinite;
    if (infinite && !exposed) startup.hidden = true;
    startupNote.textContent = !infinite
      ? ""
      : !exposed
        ? "Needs a job definition that exposes a port: without one a job can never report that it came online."
        : startup.hidden
          ? `Cannot change while ${d.status}.`
          : d.startup_timeout
            ? `Now ${d.startup_timeout} min.`
            : "Not set: a job may take as long as it needs to come online.";
  }

  return { els: [cards.duplicate, cards.market, cards.startup], update };
}
