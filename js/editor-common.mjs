// What the editor adapters (codemirror.mjs, monaco.mjs, the language server) share: choosing the
// validator for a document, and reading the library's issues, fixes, completions and hovers as plain
// offsets. Editor-neutral; no imports, so every adapter can load it in Node or a browser.

/** Offsets of a library range ({ start: { offset }, end: { offset } }), clamped to a text length. */
export function offsets(range, length) {
  const from = Math.min(Math.max(range?.start?.offset ?? 0, 0), length);
  const to = Math.min(Math.max(range?.end?.offset ?? from, from), length);
  return { from, to };
}

/**
 * `--kind auto` of the CLI: a top-level object with a `job_definition` key is a deployment create
 * body. Text that does not parse (being typed) is judged by a `"job_definition":` anywhere.
 */
export function looksLikeDeployment(text) {
  try {
    const value = JSON.parse(text);
    return (
      value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, "job_definition")
    );
  } catch {
    return /"job_definition"\s*:/.test(text);
  }
}

/**
 * The validation function for a document: `kind` "job", "deployment", or "auto" (by shape; a build
 * without validateDeployment, such as the /job entry, validates everything as a job definition).
 * It never throws: a validator failure becomes one `validatorError` issue.
 */
export function validatorFor(lib, kind = "auto") {
  return (text) => {
    const deployment =
      kind === "deployment" ||
      (kind === "auto" && typeof lib.validateDeployment === "function" && looksLikeDeployment(text));
    try {
      return deployment
        ? lib.validateDeployment(text, { warnings: true })
        : lib.validateJobDefinition(text, { warnings: true });
    } catch (err) {
      return {
        success: false,
        issues: [
          { code: "validatorError", severity: "error", message: String(err?.message ?? err), path: [], pointer: "" },
        ],
      };
    }
  };
}

/** An issue's fixes that have something to apply. */
export function fixesOf(issue) {
  return Array.isArray(issue?.fixes) ? issue.fixes.filter((f) => Array.isArray(f.edits) && f.edits.length > 0) : [];
}

/**
 * The issues whose fixes to apply together in one round. A missing field's fix inserts a
 * placeholder, the least specific fix there is: it waits until no other fix is left, since another
 * fix (a misspelled key renamed to that field) may supply the field itself — applying both would
 * give the object the key twice.
 */
export function fixRound(issues) {
  const fixable = issues.filter((issue) => fixesOf(issue).length > 0);
  const specific = fixable.filter((issue) => issue.code !== "missingField");
  return specific.length > 0 ? specific : fixable;
}

/** A fix's edits as { from, to, insert } (offsets in the text the issue was found in), in order. */
export function fixChanges(fix, length) {
  return fix.edits
    .map((edit) => ({ ...offsets(edit.range, length), insert: edit.newText }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
}

/**
 * `completionsAt(text, offset)` → { from, to, items }: [from, to) is the text the items replace
 * (the library gives every item of one call the same range), each item { label, kind, detail,
 * documentation, insert, snippet } where `snippet` means `insert` has LSP snippet fields
 * (`$1`, `${1:default}`). A library without completionsAt gives no items.
 */
export function completionsAt(lib, text, offset) {
  if (typeof lib.completionsAt !== "function") return { from: offset, to: offset, items: [] };
  const list = lib.completionsAt(text, offset);
  const { from, to } = list.length > 0 ? offsets(list[0].range, text.length) : { from: offset, to: offset };
  const items = list.map((item) => ({
    label: item.label,
    kind: item.kind,
    detail: item.detail,
    documentation: item.documentation,
    insert: item.insertText,
    snippet: item.snippet,
  }));
  return { from, to, items };
}

/** `hoverAt(text, offset)` → { from, to, markdown } or null (also for a library without hoverAt). */
export function hoverAt(lib, text, offset) {
  if (typeof lib.hoverAt !== "function") return null;
  const hover = lib.hoverAt(text, offset);
  if (!hover?.contents) return null;
  return { ...offsets(hover.range, text.length), markdown: hover.contents };
}

/** The JSON token (a quoted string or a bare word) around an offset, for a completion's replace range. */
export function wordAround(text, offset) {
  let from = offset;
  while (from > 0 && /[\w$%.\-"]/.test(text[from - 1])) from--;
  let to = offset;
  while (to < text.length && /[\w$%.\-"]/.test(text[to])) to++;
  return { from, to };
}

/** A snippet with LSP-style `${1:name}` fields as plain text (placeholders kept), for editors without snippets. */
export function snippetText(insert) {
  return insert.replace(/\$\{\d+:([^}]*)\}/g, "$1").replace(/\$\{?\d+\}?/g, "");
}
