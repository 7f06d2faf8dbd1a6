// The dashboard, drawn from the library's DeploymentStore: the store loads, keeps opened deployments
// live (stream, polling while it is down), notices deletions elsewhere, performs actions
// optimistically and rolls them back; this module only draws its snapshots and forwards clicks.
import { has, lib } from "./lib.js";
import { $, h } from "./dom.js";
import { announce } from "./announce.js";
import { badge, endpointLinks, errorBox } from "./badges.js";
import { confirmAction } from "./confirm.js";
import { drawList } from "./deployment-list.js";
import { drawTables } from "./detail-tables.js";
import { renderStateDiagram } from "./diagram.js";
import { keepFocus } from "./focus.js";
import { refreshTimes, timeEl } from "./format.js";
import { actionText, explain, statusText } from "./labels.js";
import { createServiceUpdates } from "./service-updates.js";
import { createSshKeysPanel } from "./ssh-keys.js";

export const ACTIONS = ["start", "stop", "archive", "delete"];
// The updates the detail view offers: action → the body field it sends, and how to read the input.
const UPDATES = [
  { action: "rename", field: "name", label: "Name", type: "text", read: (v) => v },
  { action: "updateReplicaCount", field: "replicas", label: "Replicas", type: "number", read: Number },
  { action: "updateTimeout", field: "timeout", label: "Timeout (min)", type: "number", read: Number },
  { action: "updateSchedule", field: "schedule", label: "Schedule", type: "text", read: (v) => v, only: "SCHEDULED" },
];
// The confirmation each destructive action asks for.
const CONFIRM = {
  archive: (d) => ({
    title: `Archive ${d.name}?`,
    body: "An archived deployment cannot be started again; only its key list and Duplicate stay available.",
    confirm: "Archive",
  }),
  delete: (d) => ({
    title: `Delete ${d.name}?`,
    body: "The deployment, its jobs, events and revisions are removed for good. This cannot be undone.",
    confirm: "Delete",
  }),
};
/** The state machine's transition table, read from the library once. */
let transitions;

const LIVE = {
  open: ["live", "● live"],
  connecting: ["connecting", "○ connecting…"],
  polling: ["polling", "○ stream down: checking every few seconds"],
  off: ["off", "○ not watching"],
};

/** What the detail shows for a view: "none", "loading", "error", "gone" or "ready". */
function phaseOf(view) {
  if (!view) return "none";
  const r = view.deployment;
  // Archived elsewhere is "gone" for the store, but an archived deployment can still be shown and duplicated.
  if (r.state === "gone") return r.data?.status === "ARCHIVED" ? "ready" : "gone";
  if (r.data) return "ready";
  return r.state === "error" ? "error" : "loading";
}

/**
 * @param {HTMLElement} root
 * @param {{ api(): any, toast(msg: string, kind?: string): void, loadRevision(jd: unknown, label: string): void, isSandbox(): boolean }} o
 */
export function setupDashboard(root, { api, toast, loadRevision, isSandbox = () => false }) {
  const list = $('[data-testid="deployment-list"]', root);
  const detail = $('[data-testid="deployment-detail"]', root);
  const state = {
    store: null,
    unsubscribe: null,
    snap: null,
    selected: null,
    release: null,
    drawn: null, // `${id}|${phase}` of the detail skeleton on screen
    said: new Map(), // id → the last status announced
    lastError: null,
    panels: null,
    checked: undefined, // the list load after which the shown deployment was last looked for
  };
  const now = () => state.store?.serverNow() ?? Date.now();
  const viewOf = (snap = state.snap) => (state.selected ? snap?.deployments[state.selected] : undefined);
  const shownStatus = (view) => view.pending?.optimisticStatus ?? view.deployment.data.status;

  /** Draws the dashboard of a new store (another API or wallet): nothing of the old one is kept. */
  function attach(store) {
    state.unsubscribe?.();
    state.release?.();
    Object.assign(state, { store, snap: null, selected: null, release: null, drawn: null, panels: null });
    state.said.clear();
    if (!store) {
      list.replaceChildren(h("p", { class: "empty" }, "Not connected: set an API in Settings."));
      drawDetail();
      return;
    }
    state.unsubscribe = store.subscribe(draw);
    draw();
    store.loadList().catch(() => {}); // the list's own "error" state says what went wrong
  }

  function draw() {
    const snap = state.store.getSnapshot();
    if (snap === state.snap) return;
    state.snap = snap;
    keepFocus(list, () => drawList(list, snap, { selected: state.selected, select, now: now(), sandbox: isSandbox() }));
    if (snap.list.state === "ready" || snap.list.state === "refreshing") root.dataset.loaded = "true";
    drawDetail();
    tell(snap);
    checkMissing(snap);
  }

  // A stream may stay quiet when its deployment is deleted elsewhere (the sandbox's does): once a
  // fresh list no longer has the shown deployment, ask the store to reload it — a 404 makes it gone.
  function checkMissing(snap) {
    const view = viewOf(snap);
    if (!view || snap.list.state !== "ready" || view.deployment.state === "gone") return;
    if ((snap.list.data ?? []).includes(view.id) || state.checked === snap.list.updatedAt) return;
    state.checked = snap.list.updatedAt;
    state.store.refresh(view.id).catch(() => {});
  }

  // ---------- the live region ----------
  function tell(snap) {
    const view = viewOf(snap);
    if (!view) return;
    const d = view.deployment.data;
    if (view.deployment.state === "gone") {
      const archived = d?.status === "ARCHIVED";
      if (state.said.get(view.id) !== "gone")
        announce(`${d?.name ?? "The deployment"} ${archived ? "was archived elsewhere" : "is gone: it was deleted"}.`);
      state.said.set(view.id, "gone");
      return;
    }
    if (!d) return;
    const before = state.said.get(view.id);
    if (before !== undefined && before !== d.status) announce(`${d.name}: ${statusText(d.status)}.`);
    state.said.set(view.id, d.status);
    if (view.lastError && view.lastError !== state.lastError)
      announce(`${d.name}: the action was undone. ${explain(view.lastError).summary}`);
    state.lastError = view.lastError;
  }

  // ---------- selection ----------
  function select(id) {
    if (!state.store || state.selected === id) return;
    state.release?.();
    state.selected = id;
    state.drawn = null;
    state.panels = null;
    state.release = state.store.open(id);
    state.snap = null; // redraw even if open() changed nothing yet
    draw();
  }

  function dismiss() {
    state.release?.();
    Object.assign(state, { selected: null, release: null, drawn: null, panels: null });
    state.snap = null;
    draw();
  }

  // ---------- actions ----------
  async function act(action) {
    const view = viewOf();
    const d = view?.deployment.data;
    if (!d || !view.allowedActions.includes(action)) return;
    if (CONFIRM[action] && !(await confirmAction(CONFIRM[action](d)))) return;
    try {
      await state.store.perform(d.id, action);
      toast(`${actionText(action)}: done for ${d.name}.`);
    } catch {
      // Rolled back by the store: its lastError is drawn (and announced) with what to do.
    }
  }

  function updateRow(u) {
    const d0 = viewOf().deployment.data;
    const input = h("input", {
      type: u.type,
      value: d0[u.field] ?? "",
      testid: `update-${u.field}`,
      "aria-label": u.label,
      class: u.field === "schedule" ? "mono" : "",
    });
    const issues = h("ul", { class: "field-issues", testid: `update-issues-${u.field}` });
    const effect = h("p", { class: "muted small", testid: `update-effect-${u.field}` });
    const button = h("button", { type: "submit", testid: `update-${u.action}` }, "Apply");
    let busy = false;
    const check = () => {
      const view = viewOf();
      if (!view?.deployment.data) return undefined;
      const cur = view.deployment.data;
      const body = { [u.field]: u.read(input.value) };
      const result = has("validateDeploymentUpdate")
        ? lib.validateDeploymentUpdate(u.action, body)
        : { success: true, issues: [] };
      issues.replaceChildren(
        ...result.issues.map((i) =>
          h("li", { class: `issue ${i.severity}`, dataset: { code: i.code } }, h("code", {}, i.code), " ", i.message),
        ),
      );
      const allowedNow = view.allowedActions.includes(u.action);
      button.disabled = busy || !allowedNow || !result.success;
      button.title = allowedNow ? "" : `Not possible while ${statusText(shownStatus(view))}`;
      effect.textContent =
        has("updateEffect") && u.action !== "rename"
          ? safe(() => lib.updateEffect(u.action, cur.status, cur.strategy).explanation)
          : "";
      return result.success ? body[u.field] : undefined;
    };
    input.addEventListener("input", check);
    const form = h(
      "form",
      {
        class: "update-row",
        onsubmit: async (event) => {
          event.preventDefault();
          const value = check();
          const id = state.selected;
          if (value === undefined || !id) return;
          busy = true;
          button.disabled = true;
          try {
            await state.store.perform(id, u.action, { [u.field]: value });
            toast(`${u.label} updated.`);
          } catch {
            // Rolled back: the store's lastError is drawn under the actions.
          } finally {
            busy = false;
            check();
          }
        },
      },
      h("label", {}, u.label, input),
      button,
      issues,
      effect,
    );
    form.check = check;
    return form;
  }

  // The SSH key, duplicate, market and startup-timeout panels: made once per selected deployment, so
  // what the user typed survives the redraws.
  function panelsFor(id) {
    if (state.panels?.id !== id) {
      const current = () => viewOf()?.deployment.data ?? null;
      const common = { api, toast, current };
      const changed = () => state.store.refresh(id).catch(() => {});
      const duplicated = async (copy) => {
        await state.store.loadList().catch(() => {});
        select(copy.id);
      };
      state.panels = {
        id,
        ssh: createSshKeysPanel(common),
        service: createServiceUpdates({ ...common, changed, duplicated }),
      };
    }
    return [state.panels.ssh.el, ...state.panels.service.els];
  }

  // ---------- the detail ----------
  function drawDetail() {
    const view = viewOf();
    const phase = phaseOf(view);
    detail.dataset.state = phase;
    const key = `${state.selected}|${phase}`;
    if (state.drawn !== key) {
      state.drawn = key;
      keepFocus(detail, () => detail.replaceChildren(...skeleton(view, phase)));
    }
    if (phase === "ready") keepFocus(detail, () => fill(view));
  }

  function skeleton(view, phase) {
    if (phase === "none")
      return [h("p", { class: "empty" }, "Select a deployment to see its jobs, events, revisions and live status.")];
    if (phase === "loading") return [h("p", { class: "empty", testid: "detail-loading" }, "Loading the deployment…")];
    if (phase === "error")
      return [
        errorBox(view.deployment.error, "detail-error"),
        h("button", { type: "button", onclick: dismiss }, "Close"),
      ];
    const d = view.deployment.data;
    if (phase === "gone")
      // Gone: what was last known, and no button that would act on a deployment that is not there.
      return [
        h(
          "div",
          { class: "gone", testid: "detail-gone" },
          h("h3", { testid: "detail-name" }, d?.name ?? view.id),
          h("div", { class: "muted mono small", testid: "detail-id" }, view.id),
          h(
            "p",
            {},
            "This deployment is gone: it was deleted, here or elsewhere. Nothing can be done with it any more.",
          ),
          h("button", { type: "button", testid: "gone-dismiss", onclick: dismiss }, "Dismiss"),
        ),
      ];
    return [
      h(
        "div",
        { class: "detail-head" },
        h(
          "div",
          {},
          h("h3", { testid: "detail-name" }, d.name),
          h("div", { class: "muted mono small", testid: "detail-id" }, d.id),
        ),
        h(
          "div",
          { class: "detail-status" },
          h("span", { testid: "detail-status" }),
          h("span", { class: "live", testid: "live-indicator" }),
        ),
      ),
      h("dl", { class: "facts", testid: "detail-facts" }),
      h(
        "div",
        { class: "actions", role: "group", "aria-label": "Actions" },
        ACTIONS.map((a) =>
          h(
            "button",
            {
              type: "button",
              class: a === "delete" ? "danger" : a === "start" ? "primary" : "",
              testid: `action-${a}`,
              onclick: () => act(a),
            },
            actionText(a),
          ),
        ),
      ),
      h("div", { testid: "rollback-slot" }),
      h("p", { class: "muted small", testid: "allowed-actions" }),
      h(
        "details",
        { class: "updates", testid: "updates" },
        h("summary", {}, "Change name, replicas, timeout or schedule"),
        h(
          "div",
          { class: "updates-grid" },
          UPDATES.filter((u) => !u.only || u.only === d.strategy).map((u) => updateRow(u)),
        ),
      ),
      h("div", { class: "service-grid", testid: "service-panels" }, panelsFor(d.id)),
      h("figure", { class: "diagram", testid: "diagram" }),
      h(
        "div",
        { class: "tabs-grid" },
        h("section", {}, h("h4", {}, "Jobs"), h("div", { testid: "jobs" })),
        h("section", {}, h("h4", {}, "Events"), h("div", { testid: "events" })),
        h("section", {}, h("h4", {}, "Revisions"), h("div", { testid: "revisions" })),
      ),
    ];
  }

  /** Everything of a shown deployment that changes: status, facts, buttons, tables. */
  function fill(view) {
    const d = view.deployment.data;
    const status = shownStatus(view);
    $('[data-testid="detail-name"]', detail).textContent = d.name;
    const statusBox = $('[data-testid="detail-status"]', detail);
    statusBox.replaceChildren(badge(status, { pending: Boolean(view.pending) }));
    statusBox.dataset.status = status;
    statusBox.dataset.pending = view.pending ? view.pending.action : "";
    const [liveState, liveText] = LIVE[state.snap.live] ?? LIVE.off;
    const live = $('[data-testid="live-indicator"]', detail);
    live.dataset.state = liveState;
    live.textContent = liveText;
    const facts = [
      ["Strategy", d.strategy],
      d.schedule
        ? [
            "Schedule",
            h(
              "span",
              {},
              h("code", {}, d.schedule),
              has("describeSchedule") ? ` — ${safe(() => lib.describeSchedule(d.schedule))}` : "",
            ),
          ]
        : null,
      ["Replicas", `${d.active_jobs ?? 0} running of ${d.replicas}`],
      ["Timeout", `${d.timeout} min`],
      d.rotation_time !== undefined ? ["Rotation", `${d.rotation_time} min before timeout`] : null,
      ["Active revision", d.active_revision],
      d.startup_timeout !== undefined && d.startup_timeout !== null
        ? ["Startup timeout", `${d.startup_timeout} min`]
        : null,
      ["Endpoints", endpointLinks({ ...d, status }, { sandbox: isSandbox() })],
      ["Market", h("span", { class: "mono small", testid: "detail-market" }, d.market)],
      d.requirements !== undefined
        ? [
            "Requirements",
            h(
              "span",
              { class: "mono small", testid: "detail-requirements" },
              d.requirements ? JSON.stringify(d.requirements) : "none",
            ),
          ]
        : null,
      ["Vault", h("span", { class: "mono small" }, d.vault)],
      ["Created", timeEl(d.created_at, now())],
      ["Updated", timeEl(d.updated_at, now())],
    ].filter(Boolean);
    $('[data-testid="detail-facts"]', detail).replaceChildren(
      ...facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
    );
    for (const a of ACTIONS) {
      const b = $(`[data-testid="action-${a}"]`, detail);
      const ok = view.allowedActions.includes(a);
      b.disabled = !ok;
      b.title = ok ? "" : view.pending ? "Waiting for the server" : `Not possible while ${statusText(status)}`;
    }
    // Redrawn only when the error changes: a role="alert" box rebuilt on every snapshot would be re-read.
    const errorSlot = $('[data-testid="rollback-slot"]', detail);
    const errorKey = view.lastError ? explain(view.lastError).text : "";
    if (errorSlot.dataset.shown !== errorKey) {
      errorSlot.dataset.shown = errorKey;
      errorSlot.replaceChildren(view.lastError ? errorBox(view.lastError, "rolled-back", { lead: "Undone: " }) : "");
    }
    for (const f of detail.querySelectorAll(".update-row")) f.check?.();
    state.panels?.ssh.update();
    state.panels?.service.update();
    $('[data-testid="allowed-actions"]', detail).textContent = view.pending
      ? `${actionText(view.pending.action)}: waiting for the server…`
      : `Possible while ${statusText(status).toLowerCase()}: ${view.allowedActions.map(actionText).join(", ") || "nothing"}.`;
    // Redrawn only when what it shows changes (not on every snapshot); the table never changes.
    const fig = $('[data-testid="diagram"]', detail);
    const diagramKey = `${status}|${view.allowedActions.join(",")}`;
    if (has("transitionTable") && fig.dataset.shown !== diagramKey) {
      fig.dataset.shown = diagramKey;
      transitions ??= lib.transitionTable();
      fig.replaceChildren(
        renderStateDiagram(transitions, { current: status, allowed: [...view.allowedActions] }),
        h(
          "figcaption",
          { class: "muted small" },
          "Solid arrows: your actions (green when possible now). Dashed: what the service does by itself.",
        ),
      );
    }
    drawTables(detail, view, {
      now: now(),
      openRevision: (r) => loadRevision(r.job_definition, `revision ${r.revision} of ${d.name}`),
    });
  }

  const safe = (fn) => {
    try {
      return fn();
    } catch (err) {
      return err.message;
    }
  };

  drawDetail();
  // The relative times ("3 minutes ago") follow the store's one clock (the server's) without a redraw.
  setInterval(() => refreshTimes(root, now()), 15_000);
  return {
    attach,
    select,
    refresh: () => state.store?.refresh().catch(() => {}) ?? Promise.resolve(),
    loadList: () => state.store?.loadList().catch(() => {}) ?? Promise.resolve(),
  };
}
