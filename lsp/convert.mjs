// The library's answers as LSP values: issues → diagnostics, fixes → code actions, completions →
// completion items, hovers → hovers. Pure functions of a TextDocument (vscode-languageserver-
// textdocument), whose positions count UTF-16 code units like the library's offsets.
import { fixChanges, fixesOf, offsets } from "../js/editor-common.mjs";

export const SOURCE = "nosana-deployments";

// LSP enumerations (numbers fixed by the protocol).
const SEVERITY = { error: 1, warning: 2 };
const COMPLETION_KIND = { key: 10, value: 12, opId: 18, literal: 6, image: 1 }; // Property, Value, Reference, Variable, Text
const INSERT_TEXT_FORMAT = { plain: 1, snippet: 2 };

export const rangeOf = (doc, from, to) => ({ start: doc.positionAt(from), end: doc.positionAt(to) });

/** An issue's range in the document (its offsets), or the first line when it has none. */
export function issueRange(doc, issue) {
  const text = doc.getText();
  if (issue.range) {
    const { from, to } = offsets(issue.range, text.length);
    return rangeOf(doc, from, to);
  }
  const firstLineEnd = text.search(/\r?\n|$/);
  return rangeOf(doc, 0, firstLineEnd);
}

/** A diagnostic; `data.index` is the issue's index in the document's last report (for code actions). */
export function toDiagnostic(doc, issue, index) {
  return {
    range: issueRange(doc, issue),
    severity: SEVERITY[issue.severity] ?? 1,
    code: issue.code,
    source: SOURCE,
    message: issue.hint ? `${issue.message}\nHint: ${issue.hint}` : issue.message,
    data: { index },
  };
}

/** A fix as a workspace edit on one document. */
export function fixEdit(doc, fix) {
  const changes = fixChanges(fix, doc.getText().length).map(({ from, to, insert }) => ({
    range: rangeOf(doc, from, to),
    newText: insert,
  }));
  return { changes: { [doc.uri]: changes } };
}

const overlaps = (a, b) => !(cmp(a.end, b.start) < 0 || cmp(b.end, a.start) < 0);
const cmp = (p, q) => p.line - q.line || p.character - q.character;

/** The smallest single edit turning `before` into `after` (common prefix and suffix left alone). */
export function textChange(doc, before, after) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return { range: rangeOf(doc, start, before.length - end), newText: after.slice(start, after.length - end) };
}

/**
 * Quick fixes for the issues whose range meets `range`, plus one "fix all" source action.
 * @param {object} doc the TextDocument the issues were found in
 * @param {object[]} issues its last report
 * @param {object} range the range the client asks about
 * @param {(fix: object, issue: object) => string | undefined} [fixedBy] for a YAML document: its
 *   text with one fix applied (a JSON document's fixes are its own edits)
 * @param {string} [fixedText] the text with every fix applied, for the fix-all action
 */
export function codeActions(doc, issues, range, { fixedBy, fixedText } = {}) {
  const actions = [];
  const text = doc.getText();
  for (const [index, issue] of issues.entries()) {
    const fixes = fixesOf(issue);
    if (fixes.length === 0) continue;
    const diagnostic = toDiagnostic(doc, issue, index);
    if (!overlaps(diagnostic.range, range)) continue;
    for (const fix of fixes) {
      let edit = fixEdit(doc, fix);
      if (fixedBy) {
        const after = fixedBy(fix, issue);
        if (after === undefined || after === text) continue;
        edit = { changes: { [doc.uri]: [textChange(doc, text, after)] } };
      }
      actions.push({
        title: fix.title,
        kind: "quickfix",
        diagnostics: [diagnostic],
        isPreferred: fixes.length === 1,
        edit,
      });
    }
  }
  if (fixedText !== undefined && fixedText !== text) {
    actions.push({
      title: "Fix all auto-fixable Nosana problems",
      kind: "source.fixAll.nosana",
      edit: { changes: { [doc.uri]: [textChange(doc, text, fixedText)] } },
    });
  }
  return actions;
}

/** Completion items from editor-common's completionsAt. */
export function completionItems(doc, { from, to, items }) {
  const range = rangeOf(doc, from, to);
  // Clients filter by the text from the range's start to the cursor; a JSON key's starts at its quote.
  const quote = doc.getText()[from] === '"' ? '"' : "";
  return items.map((item, i) => ({
    label: item.label,
    filterText: `${quote}${item.label}`,
    kind: COMPLETION_KIND[item.kind] ?? 1,
    detail: item.detail,
    documentation: item.documentation ? { kind: "markdown", value: item.documentation } : undefined,
    insertTextFormat: item.snippet ? INSERT_TEXT_FORMAT.snippet : INSERT_TEXT_FORMAT.plain,
    textEdit: { range, newText: item.insert },
    sortText: String(i).padStart(5, "0"), // the library's order
  }));
}

/** A hover from editor-common's hoverAt. */
export function toHover(doc, hover) {
  return hover
    ? { contents: { kind: "markdown", value: hover.markdown }, range: rangeOf(doc, hover.from, hover.to) }
    : null;
}
