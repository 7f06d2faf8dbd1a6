// YAML job definitions, as `nosana job post --file x.yaml` accepts them: parse with the `yaml`
// package, report syntax errors as `invalidYaml` issues with their range, and map the validator's
// issue paths back to YAML node ranges so YAML files get line:column like JSON ones.
import { isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { INVALID_YAML } from "./rules.mjs";


/** Aliases expanded at most this many times: a guard against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 1000;

/**
 * @returns {{ value: unknown, locate(path): [number, number] | undefined } | { issues: object[] }}
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
  return { value, locate: (path) => locate(doc, path) };
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
 * The source span for an issue path: the key and value when the path ends at a map entry, the item
 * when it ends in a sequence, or the nearest enclosing node that exists (e.g. for a missing key).
 */
function locate(doc, path) {
  let node = doc.contents;
  let span = node?.range ? [node.range[0], node.range[1]] : undefined;
  for (const segment of path) {
    node = isAlias(node) ? node.resolve(doc) : node;
    let next;
    let start;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) break;
      next = pair.value;
      start = pair.key?.range?.[0];
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      next = node.items[segment];
      start = next?.range?.[0];
    } else {
      break;
    }
    const end = next?.range?.[1] ?? start;
    if (start === undefined) break;
    span = [start, end];
    node = next;
  }
  return span;
}
