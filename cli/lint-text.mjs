// One document's lint: text → the library's issues, located in the text (JSON or YAML). What the
// lint command and its worker threads (cli/lint-worker.mjs) share; kept light for the workers.
import { shortenMessage } from "./echo.mjs";
import { fileFunction } from "./library.mjs";
import { LineIndex } from "./source.mjs";
import { DEFAULT_MAX_BYTES, FileProblem } from "./text.mjs";

/** Where a YAML issue keeps the library's fixes, which edit the document's JSON form (cli/fix.mjs). */
export const JSON_FORM_FIXES = Symbol("fixes of the JSON form");

const isYamlName = (name) => /\.ya?ml$/i.test(name);

/**
 * One document → { file, kind, language, issues, lines } where every issue has the library's shape
 * (range when the position is known). Throws FileProblem when the library cannot check it.
 */
export async function lintText(text, { name, kind, lib, maxBytes = DEFAULT_MAX_BYTES }) {
  const lines = new LineIndex(text);
  const result = isYamlName(name)
    ? await lintYaml(text, lines, { name, kind, lib, maxBytes })
    : lintJson(text, lines, { name, kind, lib });
  result.issues = result.issues.map(withShortText);
  return result;
}

/** An issue whose message and hint echo user strings within the bounds of cli/echo.mjs. */
function withShortText(issue) {
  const message = shortenMessage(issue.message);
  const hint = issue.hint === undefined ? undefined : shortenMessage(issue.hint);
  if (message === issue.message && hint === issue.hint) return issue;
  return { ...issue, message, ...(hint === undefined ? {} : { hint }) }; // the spread keeps JSON_FORM_FIXES
}

async function lintYaml(text, lines, { name, kind, lib, maxBytes }) {
  const { parseYaml } = await import("./yaml.mjs"); // the yaml package loads only when YAML is linted
  const parsed = parseYaml(text, { maxBytes });
  if (parsed.issues) {
    // The `tooManyIssues` summary has no offsets, hence no range (as the library's).
    const issues = parsed.issues.map(({ offsets, ...issue }) => ({
      ...issue,
      ...(offsets ? { range: lines.range(...offsets) } : {}),
      fixes: [],
    }));
    return { file: name, kind: kind === "auto" ? "job" : kind, language: "yaml", issues, lines };
  }
  const resolved = resolveKind(kind, parsed.value);
  // Validated as compact JSON text, so the library's ranges say whether an issue points at a key
  // (its range ends just before a ':') or at a value; the YAML node of the same kind is used.
  const { json } = parsed;
  const report = validate(lib, resolved, json);
  // The library's fixes edit the JSON text made here, not the YAML: a YAML issue has none in its
  // `fixes`; they are kept under JSON_FORM_FIXES (a symbol: in no report) for --fix.
  const issues = report.issues.map(({ range, fixes, ...issue }) => {
    const anchor = range && json[range.end.offset] === ":" ? "key" : "value";
    const span = parsed.locate(issue.path ?? [], anchor);
    const located = span ? { ...issue, range: lines.range(...span), fixes: [] } : { ...issue, fixes: [] };
    return Object.assign(located, { [JSON_FORM_FIXES]: fixes });
  });
  return { file: name, kind: resolved, language: "yaml", issues, lines };
}

function lintJson(text, lines, { name, kind, lib }) {
  const resolved = resolveKind(
    kind,
    kind === "auto" && text.includes('"job_definition"') ? parseJsonQuietly(text) : undefined,
  );
  const report = validate(lib, resolved, text);
  return { file: name, kind: resolved, language: "json", issues: report.issues, lines };
}

/** `--kind auto`: an object with a `job_definition` key is a deployment create body. */
function resolveKind(kind, value) {
  if (kind !== "auto") return kind;
  const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
  return isObject && Object.hasOwn(value, "job_definition") ? "deployment" : "job";
}

function parseJsonQuietly(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // the validator reports the syntax error, with its position
  }
}

function validate(lib, kind, input) {
  const fn =
    kind === "deployment"
      ? fileFunction(
          lib,
          "validateDeployment",
          "check deployment files (use --kind job to check it as a job definition)",
        )
      : fileFunction(lib, "validateJobDefinition", "check job definitions");
  try {
    return fn(input, { warnings: true });
  } catch (err) {
    throw new FileProblem(`the validator could not check it: ${err?.message ?? err}`);
  }
}
