// One deployment's jobs, events and revisions, each from its own store resource: "Loading…" until it
// is there (never "No jobs" meanwhile), the error explained, or the rows as the store orders them
// (newest first).
import { badge, errorBox } from "./badges.js";
import { h } from "./dom.js";
import { timeEl } from "./format.js";

/** Draws `resource` into `box` as a table of `columns` ([header, cell(row)]). */
function table(box, testid, resource, columns, empty) {
  if (!box) return;
  box.dataset.state = resource.state;
  if (resource.state === "idle" || resource.state === "loading") {
    box.replaceChildren(h("p", { class: "empty small", testid: `${testid}-loading` }, "Loading…"));
    return;
  }
  const rows = resource.data ?? [];
  const error = resource.state === "error" ? errorBox(resource.error, `${testid}-error`) : null;
  if (!rows.length) {
    box.replaceChildren(error ?? h("p", { class: "empty small", testid: `${testid}-empty` }, empty));
    return;
  }
  box.replaceChildren(
    ...[
      error,
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
    ].filter(Boolean),
  );
}

const short = (s, n) => h("span", { class: "mono", title: s }, `${String(s).slice(0, n)}…`);

/**
 * @param {HTMLElement} detail
 * @param {import("nosana-deployments").DeploymentView} view
 * @param {{ now: number, openRevision(r: any): void }} o
 */
export function drawTables(detail, view, { now, openRevision }) {
  const box = (testid) => detail.querySelector(`[data-testid="${testid}"]`);
  table(
    box("jobs"),
    "jobs",
    view.jobs,
    [
      ["Job", (j) => short(j.job, 8)],
      ["State", (j) => badge(j.state)],
      ["Node", (j) => (j.node ? short(j.node, 8) : "—")],
      ["Rev", (j) => (j.revision === undefined || j.revision === null ? "—" : String(j.revision))],
      ["Started", (j) => timeEl((j.time_start ?? j.timeStart) || null, now)],
    ],
    "No jobs yet.",
  );
  table(
    box("events"),
    "events",
    view.events,
    [
      ["When", (e) => timeEl(e.created_at, now)],
      ["Type", (e) => h("code", {}, e.type)],
      ["Message", (e) => e.message],
    ],
    "No events yet.",
  );
  table(
    box("revisions"),
    "revisions",
    view.revisions,
    [
      ["#", (r) => String(r.revision)],
      ["Created", (r) => timeEl(r.created_at, now)],
      ["IPFS", (r) => short(r.ipfs_definition_hash ?? "", 10)],
      [
        "Editor",
        (r) => h("button", { type: "button", class: "small-button", onclick: () => openRevision(r) }, "Open in editor"),
      ],
    ],
    "No revisions.",
  );
}
