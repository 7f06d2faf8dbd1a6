// YAML job definitions, as `nosana job post --file x.yaml` accepts them: parse with the `yaml`
// package, report syntax errors as `invalidYaml` issues with their range, and map the validator's
// issue paths back to YAML node ranges so YAML files get line:column like JSON ones.
import { isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { INVALID_YAML } from "./rules.mjs";

/** Aliases expanded at most this many times: a guard against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 1000;

/**
 * @returns {{ value: unknown, locate(path, anchor?: "key" | "value"): [number, number] | undefined } | { issues: object[] }}
 *   offsets are UTF-16 string indexes.
 */
export function parseYaml(text) {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { issues: doc.errors.map((err) => syntaxIssue(err.message, err.pos?.[0] ?? 0, err.pos?.[1] ?? 0)) };
  }
  let value;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return { issues: [syntaxIssue(err.message, 0, 0)] };
  }
  return { value, locate: (path, anchor) => locate(doc, path, anchor) };
}

function syntaxIssue(message, start, end) {
  return {
    code: INVALID_YAML.code,
    severity: "error",
    message: message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""),
    path: [],
    pointer: "",
    offsets: [start, end],
  };
}

/**
 * The source span for an issue path, as the library places ranges in JSON text: the value at the
 * path (a map entry's value, a sequence item), its key when `anchor` is "key" (unknown or misplaced
 * keys), the key of the map that lacks a missing member (or the map's first character when it has
 * no key), or the nearest enclosing value that exists when the path names something else missing.
 */
function locate(doc, path, anchor) {
  const span = (node) => (node?.range ? [node.range[0], node.range[1]] : undefined);
  let node = doc.contents;
  let best = span(node);
  let ownKey;
  for (const [i, segment] of path.entries()) {
    node = isAlias(node) ? node.resolve(doc) : node;
    let key;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) return span(ownKey) ?? (node.range ? [node.range[0], node.range[0] + 1] : best);
      key = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      node = node.items[segment];
    } else {
      break;
    }
    ownKey = key;
    const last = i === path.length - 1;
    best = (last && anchor === "key" && span(key)) || span(node) || span(key) || best;
  }
  return best;
}
