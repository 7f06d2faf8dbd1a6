// The job definition editor: CodeMirror 6 with the package's own extension
// (nosana-deployments/codemirror: diagnostics, quick fixes, completion, hover).
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { lintGutter, forceLinting } from "@codemirror/lint";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { issueSpan, nosana } from "../../js/codemirror.mjs";
import { fixChanges, validatorFor } from "../../js/editor-common.mjs";
import { lib } from "./lib.js";

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
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--selection)",
  },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--text)", border: "1px solid var(--line)" },
  ".cm-panels": { backgroundColor: "var(--bg)", color: "var(--text)" },
});

export { issueSpan };

export function issueLocation(issue) {
  return issue.range ? `${issue.range.start.line}:${issue.range.start.column}` : "1:1";
}

/**
 * @param {HTMLElement} parent
 * @param {{ initial: string, onResult(result, view): void }} o
 */
export function createEditor(parent, { initial, onResult }) {
  let last = null;
  const validate = validatorFor(lib, "job");
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
        nosana({
          lib,
          kind: "job",
          delay: 120,
          onResult(result, view) {
            last = result;
            onResult(result, view);
          },
        }),
        // tabindex: the scroll area then holds keyboard-focusable content (axe "scrollable-region-focusable");
        // the hint tells how to leave (CodeMirror's own Escape-then-Tab).
        EditorView.contentAttributes.of({
          "aria-label": "Job definition (JSON)",
          "aria-describedby": "editor-hint",
          "data-testid": "editor-content",
          tabindex: "0",
        }),
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
      view.dispatch({
        selection: { anchor: from, head: to },
        scrollIntoView: true,
        effects: EditorView.scrollIntoView(from, { y: "center" }),
      });
      view.focus();
    },
    /** Apply one of an issue's quick fixes (e.g. "Rename `imag` to `image`") to the current text. */
    applyFix(fix) {
      view.dispatch({ changes: fixChanges(fix, view.state.doc.length), userEvent: "input.fix" });
      forceLinting(view);
      view.focus();
    },
    get result() {
      return last ?? validate(view.state.doc.toString());
    },
  };
}
