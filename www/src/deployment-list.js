// The wallet's deployments, from the store's snapshot: loading, error, empty, or one row each in the
// store's order (newest first).
import { badge, endpointLinks, errorBox } from "./badges.js";
import { h } from "./dom.js";
import { timeEl } from "./format.js";

const COLUMNS = ["Name", "Status", "Strategy", "Running / replicas", "Endpoints", "Created"];

/**
 * @param {HTMLElement} box
 * @param {import("nosana-deployments").StoreSnapshot} snap
 * @param {{ selected: string | null, select(id: string): void, now: number, sandbox: boolean }} o
 */
export function drawList(box, snap, { selected, select, now, sandbox }) {
  const list = snap.list;
  box.dataset.state = list.state;
  if (list.state === "idle" || list.state === "loading") {
    box.replaceChildren(h("p", { class: "empty", testid: "list-loading" }, "Loading deployments…"));
    return;
  }
  // The same error keeps its element: a role="alert" box rebuilt on every snapshot would be re-read.
  const fresh = list.state === "error" ? errorBox(list.error, "list-error") : null;
  const old = box.querySelector('[data-testid="list-error"]');
  const error = fresh && old?.textContent === fresh.textContent ? old : fresh;
  const rows = (list.data ?? [])
    .map((id) => snap.deployments[id])
    .filter((view) => view?.deployment.data) // a deleted deployment has left the store's list
    .map((view) => row(view, { selected, select, now, sandbox }));
  if (!rows.length) {
    box.replaceChildren(
      ...[
        error,
        error
          ? null
          : h("p", { class: "empty", testid: "list-empty" }, "No deployments yet: create one with the form above."),
      ].filter(Boolean),
    );
    return;
  }
  box.replaceChildren(
    ...[
      error,
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
            COLUMNS.map((t) => h("th", { scope: "col" }, t)),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ].filter(Boolean),
  );
}

function row(view, { selected, select, now, sandbox }) {
  const d = view.deployment.data;
  const shown = view.pending?.optimisticStatus ?? d.status;
  return h(
    "tr",
    {
      testid: "deployment-row",
      dataset: { id: d.id, status: shown },
      class: d.id === selected ? "selected" : "",
      // aria-selected is only valid in grids, listboxes and tabs: a table row says "current".
      "aria-current": d.id === selected ? "true" : undefined,
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
    h("td", { testid: "row-status", dataset: { label: "Status" } }, badge(shown, { pending: Boolean(view.pending) })),
    h(
      "td",
      { dataset: { label: "Strategy" } },
      d.strategy,
      d.strategy === "SCHEDULED" && d.schedule ? h("div", { class: "muted mono small" }, d.schedule) : null,
    ),
    h("td", { dataset: { label: "Running / replicas" } }, `${d.active_jobs ?? 0} / ${d.replicas}`),
    h("td", { dataset: { label: "Endpoints" } }, endpointLinks(d, { sandbox })),
    h("td", { class: "small", dataset: { label: "Created" } }, timeEl(d.created_at, now)),
  );
}
