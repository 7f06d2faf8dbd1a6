// Small pieces the list and the detail share: a status badge in words, endpoint dots, an error box.
import { h } from "./dom.js";
import { explain, statusText } from "./labels.js";

/** A status in words ("Insufficient funds"); `data-status` keeps the API's name for styles and tests. */
export const badge = (status, { pending = false } = {}) =>
  h(
    "span",
    {
      class: `badge status-${String(status).toLowerCase()}${pending ? " pending" : ""}`,
      dataset: { status },
      title: pending ? "Sent; waiting for the server to confirm" : undefined,
    },
    statusText(status),
    pending ? "…" : "",
  );

// Where an endpoint can answer: only while the deployment has running jobs.
const REACHABLE = new Set(["RUNNING"]);

/**
 * Each endpoint with a dot: online (the deployment answers there), offline, or unknown (an older
 * service that does not report `online`). None while the deployment cannot answer; on the sandbox the
 * endpoints are simulated (a reserved .invalid domain), so they are text, not links.
 */
export function endpointLinks(d, { sandbox }) {
  const eps = d.endpoints ?? [];
  if (!eps.length) return "—";
  if (!REACHABLE.has(d.status))
    return h("span", { class: "muted small", testid: "endpoints-idle" }, "none while not running");
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

/** What happened and what to do, for any client error (`explainError`). */
export function errorBox(err, testid, { lead = "" } = {}) {
  const { summary, advice } = explain(err);
  return h(
    "div",
    { class: "error-box", testid, role: "alert" },
    h("p", { class: "error-text" }, lead, summary),
    advice ? h("p", { class: "small" }, advice) : null,
  );
}
