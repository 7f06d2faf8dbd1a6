// The dashboard: the wallet's deployments, one deployment's details, actions and live status.
import { has, lib } from "./lib.js";
import { $, h } from "./dom.js";
import { announce } from "./announce.js";
import { confirmAction } from "./confirm.js";
import { keepFocus } from "./focus.js";
import { refreshTimes, timeEl, toMs } from "./format.js";
import { actionText, explain, statusText } from "./labels.js";
import { renderStateDiagram } from "./diagram.js";
import { createSshKeysPanel } from "./ssh-keys.js";
import { createServiceUpdates } from "./service-updates.js";

export const ACTIONS = ["start", "stop", "archive", "delete"];
// The updates the detail view offers: action → the body field it sends, and how to read the input.
const UPDATES = [
  { action: "rename", field: "name", label: "Name", type: "text", read: (v) => v },
  { action: "updateReplicaCount", field: "replicas", label: "Replicas", type: "number", read: Number },
  { action: "updateTimeout", field: "timeout", label: "Timeout (min)", type: "number", read: Number },
  { action: "updateSchedule", field: "schedule", label: "Schedule", type: "text", read: (v) => v, only: "SCHEDULED" },
];

const badge = (status) =>
  h("span", { class: `badge status-${String(status).toLowerCase()}`, dataset: { status } }, statusText(status));

// Where an endpoint can answer: only while the deployment has running jobs.
const REACHABLE = new Set(["RUNNING"]);
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
const newestFirst = (key) => (a, b) =>
  (toMs(key(b)) ?? 0) - (toMs(key(a)) ?? 0) || String(b.id ?? b.job ?? "").localeCompare(String(a.id ?? a.job ?? ""));

/**
 * @param {HTMLElement} root
 * @param {{ api(): ReturnType<import("./api.js").createApi> | null, toast(msg: string, kind?: string): void, loadRevision(jd: unknown, label: string): void }} o
 */
export function setupDashboard(root, { api, toast, loadRevision, isSandbox = () => false, now = () => Date.now() }) {
  const list = $('[data-testid="deployment-list"]', root);
  const detail = $('[data-testid="deployment-detail"]', root);
  const state = {
    deploymentFrames: 0,
    deployments: [],
    selected: null,
    current: null,
    jobs: new Map(),
    events: [],
    revisions: [],
    tasks: new Map(),
    listLoaded: false, // false until the first answer: "Loading…", never "No deployments", meanwhile
    detailLoaded: false,
    gone: false, // the selected deployment was deleted (elsewhere or here)
    watch: null,
    live: "off",
    panels: null,
  };

  const allowed = (status) => (has("allowedActions") ? lib.allowedActions(status) : null);
  const can = (status, action) => (has("canPerform") ? lib.canPerform(status, action) : true);

  // ---------- list ----------
  async function refresh() {
    const client = api();
    if (!client) return;
    if (!state.listLoaded) renderList();
    try {
      const res = await client.list();
      state.deployments = [...(res.deployments ?? [])].sort(newestFirst((d) => d.created_at));
      state.listLoaded = true;
      renderList();
      root.dataset.loaded = "true";
      // A selected deployment no longer listed was deleted elsewhere.
      if (state.selected && state.current && !state.gone && !state.deployments.some((d) => d.id === state.selected))
        await checkGone(state.selected);
    } catch (err) {
      list.replaceChildren(errorBox(err, "list-error"));
    }
  }

  /** What happened and what to do, for any client error. */
  function errorBox(err, testid) {
    const { summary, advice } = explain(err);
    return h(
      "div",
      { class: "error-box", testid, role: "alert" },
      h("p", { class: "error-text" }, summary),
      advice ? h("p", { class: "small" }, advice) : null,
    );
  }

  // Each endpoint with a dot: online (the deployment answers there), offline, or unknown (an older
  // service that does not report `online`).
  function endpointLinks(d) {
    const eps = d.endpoints ?? [];
    if (!eps.length) return "—";
    if (!REACHABLE.has(d.status))
      return h("span", { class: "muted small", testid: "endpoints-idle" }, "none while not running");
    const sandbox = isSandbox();
    return h(
      "ul",
      { class: "endpoints" },
      eps.map((e) => {
        const online = typeof e.online === "boolean" ? String(e.online) : "unknown";
        const said = { true: "online", false: "offline", unknown: "online status unknown" }[online];
        return h(
          "li",
          { testid: "endpoint", dataset: { online, opId: e.opId, port: String(e.port) } },
          h("span", {
            class: `dot ${online === "true" ? "online" : online === "false" ? "offline" : "unknown"}`,
            role: "img",
            "aria-label": said,
            title: said,
          }),
          // The sandbox simulates endpoints (on a reserved .invalid domain): nothing to open there.
          sandbox
            ? h("span", { class: "mono small", title: `${e.url} (simulated by the sandbox)` }, `${e.opId}:${e.port}`)
            : h(
                "a",
                { href: e.url, target: "_blank", rel: "noopener", title: `${e.opId} port ${e.port}: ${said}` },
                `${e.opId}:${e.port}`,
              ),
        );
      }),
    );
  }

  function renderList() {
    keepFocus(list, drawList);
  }
  function drawList() {
    if (!state.listLoaded) {
      list.replaceChildren(h("p", { class: "empty", testid: "list-loading" }, "Loading deployments…"));
      return;
    }
    if (!state.deployments.length) {
      list.replaceChildren(
        h("p", { class: "empty", testid: "list-empty" }, "No deployments yet: create one with the form above."),
      );
      return;
    }
    const rows = state.deployments.map((d) =>
      h(
        "tr",
        {
          testid: "deployment-row",
          dataset: { id: d.id, status: d.status },
          class: d.id === state.selected ? "selected" : "",
          // aria-selected is only valid in grids, listboxes and tabs: a table row says "current".
          "aria-current": d.id === state.selected ? "true" : undefined,
          onclick: (event) => {
            if (!event.target.closest("a, button")) select(d.id);
          },
        },
        h(
          "td",
          {},
          h(
            "button",
            { type: "button", class: "link", testid: "select-deployment", onclick: () => select(d.id) },
            d.name || "(unnamed)",
          ),
          h("div", { class: "muted mono small" }, d.id),
        ),
        h("td", { testid: "row-status", dataset: { label: "Status" } }, badge(d.status)),
        h(
          "td",
          { dataset: { label: "Strategy" } },
          d.strategy,
          d.strategy === "SCHEDULED" && d.schedule ? h("div", { class: "muted mono small" }, d.schedule) : null,
        ),
        h("td", { dataset: { label: "Running / replicas" } }, `${d.active_jobs ?? 0} / ${d.replicas}`),
        h("td", { dataset: { label: "Endpoints" } }, endpointLinks(d)),
        h("td", { class: "small", dataset: { label: "Created" } }, timeEl(d.created_at, now())),
      ),
    );
    list.replaceChildren(
      h(
        "table",
        { class: "deployments", testid: "deployment-table" },
        h("caption", { class: "visually-hidden" }, "Your deployments"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Name", "Status", "Strategy", "Running / replicas", "Endpoints", "Created"].map((t) =>
              h("th", { scope: "col" }, t),
            ),
          ),
        ),
        h("tbody", {}, rows),
      ),
    );
  }

  // ---------- one deployment ----------
  async function select(id) {
    state.watch?.abort();
    state.selected = id;
    state.current = state.deployments.find((d) => d.id === id) ?? null;
    state.jobs = new Map();
    state.events = [];
    state.revisions = [];
    state.tasks = new Map();
    state.detailLoaded = false;
    state.gone = false;
    renderList();
    renderDetail();
    const client = api();
    if (!client) return;
    try {
      const [d, jobs, events, revisions] = await Promise.all([
        client.get(id),
        client.jobs(id),
        client.events(id),
        client.revisions(id),
      ]);
      if (state.selected !== id) return;
      state.current = d;
      for (const j of jobs.jobs ?? []) state.jobs.set(j.job, j);
      state.events = [...(events.events ?? [])].sort(newestFirst((e) => e.created_at));
      state.revisions = [...(revisions.revisions ?? [])].sort((a, b) => b.revision - a.revision);
      state.detailLoaded = true;
      renderDetail();
    } catch (err) {
      if (state.selected !== id) return;
      if (isNotFound(err)) return markGone(id);
      toast(explain(err).text, "error");
    }
    startWatch(id);
  }

  const isNotFound = (err) => err?.status === 404 || err?.name === "NotFoundError" || err?.kind === "notFound";

  /** Asks the API whether `id` still exists; a 404 marks it gone. */
  async function checkGone(id) {
    try {
      await api().get(id);
    } catch (err) {
      if (isNotFound(err) && state.selected === id) markGone(id);
    }
  }

  /** The deployment is no more: its last known facts stay, greyed, with no live button. */
  function markGone(id) {
    if (state.selected !== id || state.gone) return;
    state.gone = true;
    state.watch?.abort();
    state.deployments = state.deployments.filter((d) => d.id !== id);
    announce(`${state.current?.name ?? "The deployment"} was deleted: it is no longer on the server.`);
    renderList();
    renderDetail();
  }

  function startWatch(id) {
    const controller = new AbortController();
    state.watch = controller;
    (async () => {
      let delay = 500;
      while (!controller.signal.aborted && state.selected === id) {
        try {
          setLive("connecting");
          for await (const frame of api().watch(id, { signal: controller.signal })) {
            setLive("live");
            delay = 500;
            onFrame(id, frame);
          }
        } catch (err) {
          if (controller.signal.aborted) break;
          if (isNotFound(err)) {
            markGone(id);
            break;
          }
        }
        if (controller.signal.aborted) break;
        setLive("reconnecting");
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
      if (state.selected === id) setLive("off");
    })();
  }

  function setLive(live) {
    state.live = live;
    const el = $('[data-testid="live-indicator"]', detail);
    if (el) {
      el.dataset.state = live;
      el.textContent = {
        live: "● live",
        connecting: "○ connecting…",
        reconnecting: "○ reconnecting…",
        off: "○ not watching",
      }[live];
    }
  }

  function onFrame(id, frame) {
    if (state.selected !== id || !state.current) return;
    const log = $('[data-testid="frame-log"]', detail);
    if (log) {
      log.prepend(h("li", {}, h("code", {}, JSON.stringify(frame))));
      while (log.childElementCount > 50) log.lastElementChild.remove();
    }
    switch (frame.type) {
      case "reconnected": // a fresh snapshot follows
        state.tasks = new Map();
        renderTasks();
        break;
      case "deployment": {
        state.deploymentFrames++;
        const changed = frame.status !== state.current.status;
        if (changed) announce(`${state.current.name}: ${statusText(frame.status)}.`);
        Object.assign(state.current, {
          status: frame.status,
          replicas: frame.replicas,
          active_revision: frame.active_revision,
        });
        const row = state.deployments.find((d) => d.id === id);
        if (row) Object.assign(row, { status: frame.status, replicas: frame.replicas });
        if (changed) renderList();
        renderHeader();
        break;
      }
      case "job": {
        state.jobs.set(frame.job, { ...(state.jobs.get(frame.job) ?? {}), ...frame });
        const running = [...state.jobs.values()].filter((j) => j.state === "RUNNING").length;
        if (running !== state.current.active_jobs) {
          state.current.active_jobs = running;
          const row = state.deployments.find((d) => d.id === id);
          if (row) row.active_jobs = running;
          renderList();
          renderHeader();
        }
        renderJobs();
        break;
      }
      case "endpoint": {
        // Every endpoint is restated when one changes: update the one this frame names.
        const patch = (d) => {
          const e = (d.endpoints ?? []).find((x) => x.opId === frame.opId && String(x.port) === String(frame.port));
          if (e) Object.assign(e, { url: frame.url, online: frame.online });
          else
            d.endpoints = [
              ...(d.endpoints ?? []),
              { opId: frame.opId, port: frame.port, url: frame.url, online: frame.online },
            ];
        };
        patch(state.current);
        const row = state.deployments.find((d) => d.id === id);
        if (row && row !== state.current) patch(row);
        renderList();
        renderHeader();
        break;
      }
      case "event":
        state.events.unshift({
          // the stream sends events in order: the new one is the newest
          category: frame.category,
          type: frame.event,
          message: frame.message,
          tx: frame.tx,
          created_at: frame.created_at,
        });
        renderEvents();
        break;
      case "task":
        if (frame.status === "DONE") state.tasks.delete(frame.id);
        else state.tasks.set(frame.id, frame);
        renderTasks();
        break;
      default:
        break;
    }
  }

  async function act(action) {
    const d = state.current;
    if (!d) return;
    const client = api();
    const button = $(`[data-testid="action-${action}"]`, detail);
    if (CONFIRM[action] && !(await confirmAction(CONFIRM[action](d)))) return;
    button.disabled = true;
    const framesBefore = state.deploymentFrames;
    try {
      const res = await client[action](d.id, d.status);
      if (action === "delete") {
        toast(`Deleted ${d.name}.`);
        markGone(d.id);
        await refresh();
        return;
      }
      // The stream may already have reported a later status (STARTING → RUNNING is immediate):
      // the response's status only counts when no deployment frame arrived meanwhile.
      if (res?.status && state.deploymentFrames === framesBefore) {
        d.status = res.status;
        const row = state.deployments.find((x) => x.id === d.id);
        if (row) row.status = res.status;
      }
      toast(`${actionText(action)}: accepted for ${d.name}.`);
      renderList();
      renderHeader();
    } catch (err) {
      if (isNotFound(err)) return markGone(d.id);
      toast(explain(err).text, "error");
      renderHeader();
    }
  }

  function updateRow(u, d) {
    const input = h("input", {
      type: u.type,
      value: d[u.field] ?? "",
      testid: `update-${u.field}`,
      "aria-label": u.label,
      class: u.field === "schedule" ? "mono" : "",
    });
    const issues = h("ul", { class: "field-issues", testid: `update-issues-${u.field}` });
    const effect = h("p", { class: "muted small", testid: `update-effect-${u.field}` });
    const button = h("button", { type: "submit", testid: `update-${u.action}` }, "Apply");
    const check = () => {
      const cur = state.current;
      const body = { [u.field]: u.read(input.value) };
      const result = has("validateDeploymentUpdate")
        ? lib.validateDeploymentUpdate(u.action, body)
        : { success: true, issues: [] };
      issues.replaceChildren(
        ...result.issues.map((i) =>
          h("li", { class: `issue ${i.severity}`, dataset: { code: i.code } }, h("code", {}, i.code), " ", i.message),
        ),
      );
      const allowedNow = can(cur.status, u.action);
      button.disabled = !allowedNow || !result.success;
      button.title = allowedNow ? "" : `Not possible while ${statusText(cur.status)}`;
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
          if (value === undefined || !state.current) return;
          button.disabled = true;
          try {
            const res = await api()[u.action](state.current.id, value, state.current.status);
            Object.assign(state.current, res);
            const row = state.deployments.find((x) => x.id === state.current.id);
            if (row) Object.assign(row, res);
            toast(`${u.label} updated.`);
            renderList();
            renderHeader();
          } catch (err) {
            toast(explain(err).text, "error");
          } finally {
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
    queueMicrotask(check);
    return form;
  }

  // The SSH key, duplicate, market and startup-timeout panels: made once per selected deployment, so
  // what the user typed survives the re-render when the details arrive.
  function panelsFor(d) {
    if (state.panels?.id !== d.id) {
      const common = { api, toast, current: () => state.current };
      const changed = (patch) => {
        Object.assign(state.current, patch);
        const row = state.deployments.find((x) => x.id === state.current.id);
        if (row && row !== state.current) Object.assign(row, patch);
        renderList();
        renderHeader();
      };
      const duplicated = async (copy) => {
        await refresh();
        await select(copy.id);
      };
      state.panels = {
        id: d.id,
        ssh: createSshKeysPanel(common),
        service: createServiceUpdates({ ...common, changed, duplicated }),
      };
    }
    return [state.panels.ssh.el, ...state.panels.service.els];
  }

  // ---------- rendering ----------
  function renderDetail() {
    keepFocus(detail, drawDetail);
  }
  function drawDetail() {
    const d = state.current;
    detail.dataset.state = !d ? "none" : state.gone ? "gone" : state.detailLoaded ? "ready" : "loading";
    if (d && state.gone) {
      // Gone: what was last known, and no button that would act on a deployment that is not there.
      detail.replaceChildren(
        h(
          "div",
          { class: "gone", testid: "detail-gone", role: "status" },
          h("h3", { testid: "detail-name" }, d.name),
          h("div", { class: "muted mono small", testid: "detail-id" }, d.id),
          h(
            "p",
            {},
            "This deployment is gone: it was deleted, here or elsewhere. What is shown above was its last known state.",
          ),
          h(
            "button",
            {
              type: "button",
              testid: "gone-dismiss",
              onclick: () => {
                state.selected = null;
                state.current = null;
                state.gone = false;
                renderList();
                renderDetail();
              },
            },
            "Dismiss",
          ),
        ),
      );
      return;
    }
    if (!d) {
      detail.replaceChildren(
        h("p", { class: "empty" }, "Select a deployment to see its jobs, events, revisions and live status."),
      );
      detail.hidden = false;
      return;
    }
    detail.replaceChildren(
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
          h("span", { class: "live", testid: "live-indicator", "aria-live": "polite" }),
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
      h("p", { class: "muted small", testid: "allowed-actions" }),
      h(
        "details",
        { class: "updates", testid: "updates" },
        h("summary", {}, "Change name, replicas, timeout or schedule"),
        h(
          "div",
          { class: "updates-grid" },
          UPDATES.filter((u) => !u.only || u.only === d.strategy).map((u) => updateRow(u, d)),
        ),
      ),
      h("div", { class: "service-grid", testid: "service-panels" }, panelsFor(d)),
      h("figure", { class: "diagram", testid: "diagram" }),
      h(
        "div",
        { class: "tabs-grid" },
        h("section", {}, h("h4", {}, "Jobs"), h("div", { testid: "jobs" })),
        h("section", {}, h("h4", {}, "Events"), h("div", { testid: "events" })),
        h("section", {}, h("h4", {}, "Revisions"), h("div", { testid: "revisions" })),
        h("section", {}, h("h4", {}, "Pending tasks"), h("div", { testid: "tasks" })),
      ),
      h(
        "details",
        { class: "frames" },
        h("summary", {}, "Live stream frames"),
        h("ol", { testid: "frame-log", class: "mono small", reversed: true }),
      ),
    );
    setLive(state.live);
    renderHeader();
    renderJobs();
    renderEvents();
    renderRevisions();
    renderTasks();
  }

  function renderHeader() {
    const d = state.current;
    if (!d || !detail.querySelector('[data-testid="detail-status"]')) return;
    $('[data-testid="detail-name"]', detail).textContent = d.name;
    const status = $('[data-testid="detail-status"]', detail);
    status.replaceChildren(badge(d.status));
    status.dataset.status = d.status;
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
      ["Endpoints", endpointLinks(d)],
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
      const ok = can(d.status, a);
      b.disabled = !ok;
      b.title = ok ? "" : `Not possible while ${statusText(d.status)}`;
    }
    for (const f of detail.querySelectorAll(".update-row")) f.check?.();
    state.panels?.ssh.update();
    state.panels?.service.update();
    const acts = allowed(d.status);
    $('[data-testid="allowed-actions"]', detail).textContent = acts
      ? `Possible while ${statusText(d.status).toLowerCase()}: ${acts.map(actionText).join(", ") || "nothing"}.`
      : "";
    const fig = $('[data-testid="diagram"]', detail);
    if (has("transitionTable")) {
      fig.replaceChildren(
        renderStateDiagram(lib.transitionTable(), { current: d.status, allowed: acts ?? [] }),
        h(
          "figcaption",
          { class: "muted small" },
          "Solid arrows: your actions (green when possible now). Dashed: what the service does by itself.",
        ),
      );
    } else {
      fig.replaceChildren(
        h("p", { class: "muted" }, "The state diagram arrives with transitionTable() in the library."),
      );
    }
  }

  const safe = (fn) => {
    try {
      return fn();
    } catch (err) {
      return err.message;
    }
  };

  function table(testid, columns, rows, empty) {
    const box = $(`[data-testid="${testid}"]`, detail);
    if (!box) return;
    if (!state.detailLoaded) {
      box.replaceChildren(h("p", { class: "empty small", testid: `${testid}-loading` }, "Loading…"));
      return;
    }
    if (!rows.length) {
      box.replaceChildren(h("p", { class: "empty small" }, empty));
      return;
    }
    box.replaceChildren(
      h(
        "table",
        { class: "small" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            columns.map((c) => h("th", { scope: "col" }, c[0])),
          ),
        ),
        h(
          "tbody",
          {},
          rows.map((r) =>
            h(
              "tr",
              { testid: `${testid}-row` },
              columns.map((c) => h("td", { dataset: { label: c[0] } }, c[1](r))),
            ),
          ),
        ),
      ),
    );
  }

  function renderJobs() {
    const jobs = [...state.jobs.values()].sort(newestFirst((j) => j.time_start || j.timeStart || j.created_at || null));
    table(
      "jobs",
      [
        ["Job", (j) => h("span", { class: "mono", title: j.job }, `${j.job.slice(0, 8)}…`)],
        ["State", (j) => badge(j.state)],
        ["Node", (j) => (j.node ? h("span", { class: "mono", title: j.node }, `${j.node.slice(0, 8)}…`) : "—")],
        ["Rev", (j) => j.revision ?? ""],
        ["Started", (j) => timeEl((j.time_start ?? j.timeStart) || null, now())],
      ],
      jobs,
      "No jobs yet.",
    );
  }

  function renderEvents() {
    table(
      "events",
      [
        ["When", (e) => timeEl(e.created_at, now())],
        ["Type", (e) => h("code", {}, e.type)],
        ["Message", (e) => e.message],
      ],
      state.events.slice(0, 30),
      "No events yet.",
    );
  }

  function renderRevisions() {
    table(
      "revisions",
      [
        ["#", (r) => r.revision],
        ["Created", (r) => timeEl(r.created_at, now())],
        [
          "IPFS",
          (r) =>
            h(
              "span",
              { class: "mono", title: r.ipfs_definition_hash },
              `${String(r.ipfs_definition_hash ?? "").slice(0, 10)}…`,
            ),
        ],
        [
          "Editor",
          (r) =>
            h(
              "button",
              {
                type: "button",
                class: "small-button",
                onclick: () => loadRevision(r.job_definition, `revision ${r.revision} of ${state.current?.name}`),
              },
              "Open in editor",
            ),
        ],
      ],
      state.revisions,
      "No revisions.",
    );
  }

  function renderTasks() {
    table(
      "tasks",
      [
        ["Task", (t) => h("code", {}, t.task)],
        ["Status", (t) => t.status],
        ["Due", (t) => timeEl(t.due_at, now())],
      ],
      [...state.tasks.values()],
      "None.",
    );
  }

  renderDetail();
  // The relative times ("3 minutes ago") follow the one clock without a re-render.
  setInterval(() => refreshTimes(root, now()), 15_000);
  return {
    refresh,
    select,
    stop() {
      state.watch?.abort();
    },
    /** Another API or wallet: nothing shown so far belongs to it. */
    reset() {
      state.watch?.abort();
      Object.assign(state, { selected: null, current: null, deployments: [], listLoaded: false, gone: false });
      renderList();
      renderDetail();
    },
  };
}
