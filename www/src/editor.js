// The job definition editor: CodeMirror 6, validated through the wasm module on every change.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { linter, lintGutter, forceLinting } from "@codemirror/lint";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { lib } from "./lib.js";
import { h } from "./dom.js";

// Colours come from CSS variables (style.css), so the editor follows the page's light and dark themes.
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--syn-key)" },
  { tag: tags.string, color: "var(--syn-string)" },
  { tag: tags.number, color: "var(--syn-number)" },
  { tag: [tags.bool, tags.null], color: "var(--syn-literal)", fontWeight: "600" },
  { tag: [tags.separator, tags.brace, tags.squareBracket, tags.punctuation], color: "var(--muted)" },
  { tag: tags.invalid, color: "var(--error)" },
]);
const theme = EditorView.theme({
  "&": { backgroundColor: "var(--panel)", color: "var(--text)" },
  ".cm-content": { caretColor: "var(--text)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  ".cm-gutters": { backgroundColor: "var(--bg)", color: "var(--muted)", borderRight: "1px solid var(--line)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--selection)" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--text)", border: "1px solid var(--line)" },
  ".cm-panels": { backgroundColor: "var(--bg)", color: "var(--text)" },
});

/** Where an issue goes in the document: its range, or line 1 when it has none. */
export function issueSpan(issue, doc) {
  const len = doc.length;
  if (issue.range) {
    const from = Math.min(Math.max(issue.range.start.offset, 0), len);
    const to = Math.min(Math.max(issue.range.end.offset, from), len);
    return { from, to };
  }
  const first = doc.line(1);
  return { from: first.from, to: first.to };
}

export function issueLocation(issue) {
  return issue.range ? `${issue.range.start.line}:${issue.range.start.column}` : "1:1";
}

function renderMessage(issue) {
  return () =>
    h(
      "div",
      { class: "lint-tip" },
      h("div", { class: "lint-tip-message" }, issue.message),
      h("div", { class: "lint-tip-meta" }, h("code", {}, issue.code), issue.pointer ? h("span", {}, ` at ${issue.pointer}`) : null),
      issue.hint ? h("div", { class: "lint-tip-hint" }, "Hint: ", issue.hint) : null,
    );
}

/**
 * @param {HTMLElement} parent
 * @param {{ initial: string, onResult(result, view): void }} o
 */
export function createEditor(parent, { initial, onResult }) {
  let last = null;
  const validate = (text) => {
    try {
      return lib.validateJobDefinition(text, { warnings: true });
    } catch (err) {
      return { success: false, issues: [{ code: "validatorError", severity: "error", message: String(err?.message ?? err), path: [], pointer: "" }] };
    }
  };
  const source = (view) => {
    const doc = view.state.doc;
    const result = validate(doc.toString());
    last = result;
    onResult(result, view);
    return result.issues.map((issue) => ({
      ...issueSpan(issue, doc),
      severity: issue.severity === "warning" ? "warning" : "error",
      message: `${issue.message}${issue.hint ? ` — ${issue.hint}` : ""}`,
      renderMessage: renderMessage(issue),
    }));
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: initial,
      extensions: [
        basicSetup,
        theme,
        syntaxHighlighting(highlight),
        keymap.of([indentWithTab]),
        json(),
        lintGutter(),
        linter(source, { delay: 120 }),
        EditorView.contentAttributes.of({ "aria-label": "Job definition (JSON)", "data-testid": "editor-content" }),
      ],
    }),
  });
  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      forceLinting(view);
    },
    /** Select an issue's span and scroll it into view. */
    reveal(issue) {
      const { from, to } = issueSpan(issue, view.state.doc);
      view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true, effects: EditorView.scrollIntoView(from, { y: "center" }) });
      view.focus();
    },
    get result() {
      return last ?? validate(view.state.doc.toString());
    },
  };
}
