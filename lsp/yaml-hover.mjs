// Hover in YAML documents: the library describes positions in JSON text, so the YAML node under the
// cursor is found by its path, the document is written as JSON with the offset of every path
// recorded, and the library is asked about the same path there.
import { isMap, isScalar, isSeq, parseDocument } from "yaml";

/** The path and role ("key" or "value") of the YAML scalar at `offset`, with its range; or undefined. */
export function yamlPathAt(text, offset) {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  const inside = (node) =>
    node?.range && node.range[0] <= offset && offset < Math.max(node.range[1], node.range[0] + 1);
  let node = doc.contents;
  const path = [];
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => inside(p.key) || inside(p.value));
      if (!pair) return undefined;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) return undefined;
      path.push(key);
      if (inside(pair.key)) return { path, role: "key", range: [pair.key.range[0], pair.key.range[1]] };
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(inside);
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index];
    } else if (isScalar(node) && inside(node)) {
      return { path, role: "value", range: [node.range[0], node.range[1]] };
    } else {
      return undefined;
    }
  }
}

/**
 * `value` as JSON text, with the offset of every key and value by path: `offsets.get(pointer)` is
 * { key?, value } (the first character of the quoted key, of the value).
 */
export function jsonWithOffsets(value) {
  let text = "";
  const offsets = new Map();
  const pointer = (path) => path.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
  const write = (v, path) => {
    const entry = offsets.get(pointer(path)) ?? {};
    entry.value = text.length;
    offsets.set(pointer(path), entry);
    if (Array.isArray(v)) {
      text += "[";
      v.forEach((item, i) => {
        if (i > 0) text += ",";
        write(item, [...path, i]);
      });
      text += "]";
    } else if (v !== null && typeof v === "object") {
      text += "{";
      Object.entries(v).forEach(([k, item], i) => {
        if (i > 0) text += ",";
        offsets.set(pointer([...path, k]), { key: text.length });
        text += `${JSON.stringify(k)}:`;
        write(item, [...path, k]);
      });
      text += "}";
    } else {
      text += JSON.stringify(v) ?? "null";
    }
  };
  write(value, []);
  return { text, offsetOf: (path, role) => offsets.get(pointer(path))?.[role] };
}

/** hoverAt for YAML: { from, to, markdown } (offsets in the YAML text) or null. */
export function yamlHover(hoverAtJson, text, offset) {
  const at = yamlPathAt(text, offset);
  if (!at) return null;
  const doc = parseDocument(text, { prettyErrors: false });
  const { text: json, offsetOf } = jsonWithOffsets(doc.toJS({ maxAliasCount: 1000 }));
  const jsonOffset = offsetOf(at.path, at.role);
  if (jsonOffset === undefined) return null;
  const hover = hoverAtJson(json, jsonOffset + 1); // inside the token (past a key's opening quote)
  return hover ? { from: at.range[0], to: at.range[1], markdown: hover.markdown } : null;
}
