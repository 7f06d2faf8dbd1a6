// YAML job definitions, as `nosana job post --file x.yaml` accepts them: parse with the `yaml`
// package, report syntax errors as `invalidYaml` issues with their range, and map the validator's
// issue paths back to YAML node ranges so YAML files get line:column like JSON ones.
// Work and size are bounded (aliases, the JSON form), and CR, LF and CRLF all end a line.
import { isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { INVALID_YAML } from "./rules.mjs";
import { DEFAULT_MAX_BYTES } from "./text.mjs";
import { JsonFormProblem, toJsonText } from "./yaml-json.mjs";

/**
 * Aliases expanded at most this many times, weighted by the aliases inside what they name (the
 * yaml package's `maxAliasCount`): a "billion laughs" document stops here with an issue.
 */
export const MAX_ALIAS_COUNT = 1000;

/**
 * YAML text → its value and JSON form, or syntax issues. Bounded: aliases by MAX_ALIAS_COUNT, the
 * JSON form by `maxBytes` characters (cli/yaml-json.mjs), nesting by the parser's own stack guard.
 * @returns {{ value: unknown, json: string, locate(path, anchor?: "key" | "value"): [number, number] | undefined }
 *   | { issues: object[] }} offsets are UTF-16 string indexes.
 */
export function parseYaml(text, { maxBytes = DEFAULT_MAX_BYTES } = {}) {
  // YAML 1.2 ends a line at CR, LF or CRLF; the yaml package knows only LF and CRLF, so a lone CR
  // (old Mac files) becomes LF: one character for one, so every offset stays the same.
  const source = text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
  let doc;
  try {
    doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true, logLevel: "error" });
  } catch (err) {
    // The parser reports what it finds as errors; this is for what it might still throw.
    return { issues: [syntaxIssue(err?.message ?? String(err), 0, 0)] };
  }
  if (doc.errors.length > 0) return { issues: syntaxIssues(doc.errors) };
  let value;
  let json;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    json = toJsonText(value, maxBytes);
  } catch (err) {
    if (err instanceof JsonFormProblem) return { issues: [{ ...syntaxIssue(err.message, 0, 0), code: err.code }] };
    return { issues: [syntaxIssue(err?.message ?? String(err), 0, 0)] };
  }
  return { value, json, locate: (path, anchor) => locate(doc, path, anchor) };
}

/** A report lists at most this many issues, the last saying how many more there are (as the library's). */
const MAX_ISSUES = 1000;

/** The parser's errors as issues: all of them, or the first 999 and a `tooManyIssues` summary. */
function syntaxIssues(errors) {
  const toIssue = (err) => syntaxIssue(err.message, err.pos?.[0] ?? 0, err.pos?.[1] ?? 0);
  if (errors.length <= MAX_ISSUES) return errors.map(toIssue);
  const more = errors.length - (MAX_ISSUES - 1);
  return [
    ...errors.slice(0, MAX_ISSUES - 1).map(toIssue),
    {
      code: "tooManyIssues",
      severity: "error",
      message: `${more} more issues (${more} errors) are not listed: a report lists at most ${MAX_ISSUES}`,
      hint: "Fix the issues listed first; the same mistake repeated is often the cause.",
      path: [],
      pointer: "",
    },
  ];
}

function syntaxIssue(message, start, end) {
  const first = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return {
    code: INVALID_YAML.code,
    severity: "error",
    // The parser guards its recursion and reports the overflow as it is: say what it means.
    message: /Maximum call stack size exceeded/.test(first)
      ? "the document is nested too deeply for the YAML parser"
      : first,
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
