// `nosana-deployments/codemirror`: one CodeMirror 6 extension for Nosana job definitions (and
// deployment bodies) — lint diagnostics with quick-fix actions, autocompletion and hover tooltips,
// all from the library's language service. The library is passed in (`lib`), so the same extension
// works with the main entry, the smaller `/editor` entry, or a test double.
import { autocompletion, insertCompletionText, pickedCompletion, snippet } from "@codemirror/autocomplete";
import { linter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, hoverTooltip } from "@codemirror/view";
import { completionsAt, fixChanges, fixesOf, hoverAt, offsets, validatorFor } from "./editor-common.mjs";

/** Where an issue goes in the document: its range, or the first line when it has none. */
export function issueSpan(issue, doc) {
  if (issue.range) return offsets(issue.range, doc.length);
  const first = doc.line(1);
  return { from: first.from, to: first.to };
}

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** The message, then the rule code and pointer, then the hint on its own line. */
function renderIssue(issue) {
  return () =>
    el(
      "div",
      "cm-nosana-issue",
      el("div", "cm-nosana-message", issue.message),
      el("div", "cm-nosana-meta", el("code", null, issue.code), issue.pointer ? ` at ${issue.pointer}` : null),
      issue.hint ? el("div", "cm-nosana-hint", el("strong", null, "Hint: "), issue.hint) : null,
    );
}

/** Each fix of an issue as a lint action that applies its edits (skipped if the text changed since). */
function fixActions(issue, docAtLint) {
  return fixesOf(issue).map((fix) => ({
    name: fix.title,
    apply(view) {
      if (view.state.doc !== docAtLint) return; // stale: the next lint pass offers fresh fixes
      view.dispatch({ changes: fixChanges(fix, docAtLint.length), userEvent: "input.fix" });
    },
  }));
}

/** An issue as a CodeMirror diagnostic: the hint is not part of `message` but rendered apart. */
export function toDiagnostic(issue, doc) {
  return {
    ...issueSpan(issue, doc),
    severity: issue.severity === "warning" ? "warning" : "error",
    source: issue.code,
    message: issue.message,
    renderMessage: renderIssue(issue),
    actions: fixActions(issue, doc),
  };
}

/** LSP snippet syntax (`${1:name}`, `$0`, `\$`) → CodeMirror's (the same fields; literal braces escaped). */
export function codeMirrorSnippet(template) {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === "\\" && i + 1 < template.length) {
      const next = template[++i];
      out += next === "{" || next === "}" ? `\\${next}` : next;
    } else if (ch === "$" && template[i + 1] === "{") {
      const end = template.indexOf("}", i);
      if (end === -1) {
        out += "\\{";
        i++;
        continue;
      }
      out += template.slice(i, end + 1);
      i = end;
    } else if (ch === "$" && /\d/.test(template[i + 1] ?? "")) {
      const digits = /^\d+/.exec(template.slice(i + 1))[0];
      out += `\${${digits}}`;
      i += digits.length;
    } else if (ch === "{" || ch === "}") {
      out += `\\${ch}`;
    } else {
      out += ch;
    }
  }
  return out;
}

// The library's completion kinds as CodeMirror icon types.
const COMPLETION_TYPES = { key: "property", value: "constant", opId: "variable", literal: "variable", image: "text" };

function completionSource(lib) {
  return (context) => {
    const text = context.state.doc.toString();
    const { from, to, items } = completionsAt(lib, text, context.pos);
    if (items.length === 0) return null;
    // Without an explicit request, offer completions only once something is typed or at a key position.
    if (!context.explicit && from === to && !/[{,:["\s]$/.test(text.slice(0, context.pos))) return null;
    // CodeMirror matches the text from `from` to the cursor against `label`. A JSON string's range
    // starts at its opening quote, so the label carries it (and is shown without); the part of the
    // range after the cursor (the closing quote) is replaced too when the completion is applied.
    const pos = context.pos;
    const open = text[from] === '"' && from < pos ? '"' : "";
    const tail = Math.max(0, to - pos);
    return {
      from,
      options: items.map((item) => ({
        label: `${open}${item.label}`,
        displayLabel: item.label,
        type: COMPLETION_TYPES[item.kind] ?? "text",
        detail: item.detail,
        info: item.documentation || undefined,
        apply: applier(item, tail),
      })),
      filter: true,
    };
  };
}

/** Applies a completion over its whole range: `from` to the cursor, plus `tail` characters after it. */
function applier(item, tail) {
  const insertSnippet = item.snippet ? snippet(codeMirrorSnippet(item.insert)) : undefined;
  return (view, completion, from, to) => {
    const end = Math.min(to + tail, view.state.doc.length);
    if (insertSnippet) return insertSnippet(view, completion, from, end);
    view.dispatch({
      ...insertCompletionText(view.state, item.insert, from, end),
      annotations: pickedCompletion.of(completion),
    });
  };
}

function hoverSource(lib) {
  return hoverTooltip((view, pos) => {
    const hover = hoverAt(lib, view.state.doc.toString(), pos);
    if (!hover) return null;
    return {
      pos: hover.from,
      end: Math.max(hover.to, hover.from),
      above: true,
      create: () => ({ dom: el("div", "cm-nosana-hover", renderMarkdown(hover.markdown)) }),
    };
  });
}

/**
 * The library's hover text is a little Markdown: paragraphs, `code` and **bold**. Rendered as DOM
 * nodes (never as HTML), so nothing in a document can inject markup.
 */
export function renderMarkdown(markdown) {
  const root = el("div", "cm-nosana-markdown");
  for (const paragraph of markdown.split(/\n{2,}/)) {
    const p = el("p");
    for (const part of paragraph.split(/(`[^`]+`|\*\*[^*]+\*\*)/)) {
      if (part.startsWith("`") && part.endsWith("`") && part.length > 1) p.append(el("code", null, part.slice(1, -1)));
      else if (part.startsWith("**") && part.endsWith("**") && part.length > 3)
        p.append(el("strong", null, part.slice(2, -2)));
      else if (part) p.append(part);
    }
    root.append(p);
  }
  return root;
}

const baseTheme = EditorView.baseTheme({
  ".cm-nosana-meta": { opacity: "0.75", fontSize: "90%" },
  ".cm-nosana-hint": { marginTop: "4px" },
  ".cm-nosana-hover": { padding: "4px 8px", maxWidth: "36em" },
  ".cm-nosana-markdown p": { margin: "2px 0" },
});

/**
 * The Nosana language extension.
 * @param {object} options
 * @param {object} options.lib the library module (main or /editor entry; /job lints without completion or hover)
 * @param {"auto"|"job"|"deployment"} [options.kind] what the document is (default auto: by shape)
 * @param {number} [options.delay] lint delay in ms (default 250)
 * @param {(result: object, view: EditorView) => void} [options.onResult] every validation result
 * @param {boolean} [options.completion] offer completions (default true)
 * @param {boolean} [options.hover] show hover tooltips (default true)
 */
export function nosana({ lib, kind = "auto", delay = 250, onResult, completion = true, hover = true } = {}) {
  if (!lib || typeof lib.validateJobDefinition !== "function")
    throw new TypeError("nosana(): pass the library as `lib` (it has no validateJobDefinition)");
  const validate = validatorFor(lib, kind);
  const lint = (view) => {
    const doc = view.state.doc;
    const result = validate(doc.toString());
    onResult?.(result, view);
    return result.issues.map((issue) => toDiagnostic(issue, doc));
  };
  const extensions = [linter(lint, { delay }), baseTheme];
  if (completion) {
    // One source object: autocompletion keeps a source's results only while it is the same function.
    const data = [{ autocomplete: completionSource(lib) }];
    extensions.push(
      autocompletion(),
      EditorState.languageData.of(() => data),
    );
  }
  if (hover) extensions.push(hoverSource(lib));
  return extensions;
}
