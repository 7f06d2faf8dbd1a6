// The deployment state machine as an SVG, generated from the library's transitionTable().
const SVG = "http://www.w3.org/2000/svg";
const W = 136;
const H = 38;
// Hand-placed layout for the known statuses; any other status goes on an extra row.
const PLACES = {
  DRAFT: [80, 80],
  STARTING: [280, 80],
  RUNNING: [490, 80],
  STOPPING: [700, 80],
  ERROR: [180, 270],
  INSUFFICIENT_FUNDS: [490, 270],
  STOPPED: [700, 270],
  ARCHIVED: [880, 270],
  "(deleted)": [880, 80],
};

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The point where the segment from the centre of a box towards (tx, ty) leaves the box. */
function edgePoint([cx, cy], [tx, ty], pad = 4) {
  const dx = tx - cx;
  const dy = ty - cy;
  const sx = dx === 0 ? Infinity : (W / 2 + pad) / Math.abs(dx);
  const sy = dy === 0 ? Infinity : (H / 2 + pad) / Math.abs(dy);
  const s = Math.min(sx, sy);
  return [cx + dx * s, cy + dy * s];
}

const shorten = (text, n = 30) => {
  const head = text.split(/ \(|: |; |, or /)[0];
  return head.length > n ? `${head.slice(0, n - 1)}…` : head;
};

/**
 * @param {import("../../src/wasm/ts/deployment").TransitionTable} table
 * @param {{ current?: string|null, allowed?: string[] }} [state]
 */
export function renderStateDiagram(table, { current = null, allowed = [] } = {}) {
  const statuses = [...table.statuses];
  const places = { ...PLACES };
  let extra = 0;
  for (const s of statuses) if (!places[s]) places[s] = [80 + 190 * extra++, 360];
  const hasDelete = table.userTransitions.some((t) => t.to === null);
  const fromAny = new Map(); // to → triggers of automatic transitions from (nearly) every status
  for (const t of table.automaticTransitions)
    if (t.from.length > 3) fromAny.set(t.to, [...(fromAny.get(t.to) ?? []), t]);
  const legendTop = extra ? 410 : 330;
  const height = legendTop + 18 * fromAny.size + 10;
  const svg = el("svg", {
    viewBox: `0 0 960 ${height}`,
    role: "img",
    class: "state-diagram",
    "data-testid": "state-diagram",
  });
  svg.append(el("title", {}, "Deployment state machine"));
  const defs = el("defs");
  for (const [id, cls] of [
    ["arrow-user", "user"],
    ["arrow-auto", "auto"],
    ["arrow-enabled", "enabled"],
  ]) {
    const m = el("marker", {
      id,
      viewBox: "0 0 10 10",
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: "auto-start-reverse",
    });
    m.append(el("path", { d: "M0,0 L10,5 L0,10 z", class: `arrowhead ${cls}` }));
    defs.append(m);
  }
  svg.append(defs);

  // Group edges by (from, to, kind) so parallel transitions share one arrow with a combined label.
  const edges = new Map();
  const add = (from, to, kind, label, title) => {
    const key = `${from}>${to}>${kind}`;
    const e = edges.get(key) ?? { from, to, kind, labels: [], titles: [] };
    if (!e.labels.includes(label)) e.labels.push(label);
    e.titles.push(title);
    edges.set(key, e);
  };
  for (const t of table.userTransitions) {
    const to = t.to ?? "(deleted)";
    if (to === t.from) continue; // updates that keep the status: listed, not drawn
    add(t.from, to, "user", t.action, `${t.from} → ${to}: ${t.action} (you)`);
  }
  for (const t of table.automaticTransitions) {
    if (t.from.length > 3) continue; // in the legend
    for (const from of t.from)
      if (from !== t.to) add(from, t.to, "auto", shorten(t.trigger), `${from} → ${t.to}: ${t.trigger} (service)`);
  }

  const edgeLayer = el("g", { class: "edges" });
  const labelLayer = el("g", { class: "edge-labels" });
  for (const e of edges.values()) {
    const a = places[e.from];
    const b = places[e.to];
    if (!a || !b) continue;
    // Curve sideways: user arrows one way, automatic ones the other, so pairs never overlap.
    const [mx, my] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const bend = e.kind === "user" ? 22 : -22;
    const [nx, ny] = [(-(b[1] - a[1]) / len) * bend, ((b[0] - a[0]) / len) * bend];
    const ctrl = [mx + nx * 2, my + ny * 2];
    const p1 = edgePoint(a, ctrl);
    const p2 = edgePoint(b, ctrl, 6);
    const enabled = e.kind === "user" && e.from === current && e.labels.some((l) => allowed.includes(l));
    const cls = `edge ${e.kind}${enabled ? " enabled" : ""}`;
    const path = el("path", {
      d: `M${p1[0]},${p1[1]} Q${ctrl[0]},${ctrl[1]} ${p2[0]},${p2[1]}`,
      class: cls,
      "marker-end": `url(#arrow-${enabled ? "enabled" : e.kind})`,
      "data-from": e.from,
      "data-to": e.to,
    });
    path.append(el("title", {}, e.titles.join("\n")));
    edgeLayer.append(path);
    const [lx, ly] = [(p1[0] + 2 * ctrl[0] + p2[0]) / 4, (p1[1] + 2 * ctrl[1] + p2[1]) / 4];
    const label = el(
      "text",
      { x: lx, y: ly + 4, class: `edge-label ${e.kind}${enabled ? " enabled" : ""}`, "text-anchor": "middle" },
      e.labels.join(" / "),
    );
    labelLayer.append(label);
  }
  svg.append(edgeLayer);

  const nodeLayer = el("g", { class: "nodes" });
  const nodes = hasDelete ? [...statuses, "(deleted)"] : statuses;
  for (const s of nodes) {
    const [x, y] = places[s];
    const classes = ["node"];
    if (s === current) classes.push("current");
    if (table.terminal?.includes(s)) classes.push("terminal");
    if (table.active?.includes(s)) classes.push("active");
    if (s === "(deleted)") classes.push("gone");
    const g = el("g", {
      class: classes.join(" "),
      "data-status": s,
      transform: `translate(${x - W / 2},${y - H / 2})`,
    });
    if (s === current) g.setAttribute("aria-current", "true");
    g.append(el("rect", { width: W, height: H, rx: 10 }));
    g.append(el("text", { x: W / 2, y: H / 2 + 4, "text-anchor": "middle" }, s));
    if (fromAny.has(s)) g.append(el("text", { x: W - 8, y: 12, "text-anchor": "end", class: "any-mark" }, "*"));
    nodeLayer.append(g);
  }
  svg.append(nodeLayer);
  svg.append(labelLayer);
  // Transitions the service makes from (nearly) any status: listed instead of drawn.
  let y = legendTop;
  for (const [to, list] of fromAny) {
    for (const t of list.slice(0, 1)) {
      const sources = t.from.filter((f) => f !== to);
      const from = sources.length >= statuses.length - 1 ? "any other status" : sources.join(", ");
      const only =
        t.strategies?.length && t.strategies.length < (table.strategies?.length ?? 4)
          ? ` (${t.strategies.join(", ")})`
          : "";
      const line = el(
        "text",
        { x: 20, y, class: "legend" },
        `* → ${to} from ${from}${only}: ${shorten(t.trigger, 70)}`,
      );
      line.append(el("title", {}, list.map((x) => x.trigger).join("\n")));
      svg.append(line);
      y += 18;
    }
  }
  return svg;
}
