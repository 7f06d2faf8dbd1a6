// `nosana-deployments/monaco`: the library's language service in a Monaco editor — markers,
// a completion provider, a hover provider and quick-fix code actions. The `monaco` namespace and the
// library are passed in, so this module imports neither (monaco-editor stays the app's choice).
import { completionsAt, fixChanges, fixesOf, hoverAt, offsets, validatorFor } from "./editor-common.mjs";

const OWNER = "nosana-deployments";

/** Offsets → a Monaco IRange of a model. */
function monacoRange(model, from, to) {
  const start = model.getPositionAt(from);
  const end = model.getPositionAt(to);
  return {
    startLineNumber: start.lineNumber,
    startColumn: start.column,
    endLineNumber: end.lineNumber,
    endColumn: end.column,
  };
}

/** An issue as a Monaco marker; the hint follows the message on its own line. */
export function toMarker(monaco, model, issue) {
  const length = model.getValue().length;
  const { from, to } = issue.range ? offsets(issue.range, length) : { from: 0, to: model.getValue().search(/\r?\n|$/) };
  return {
    ...monacoRange(model, from, to),
    severity: issue.severity === "warning" ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
    message: issue.hint ? `${issue.message}\nHint: ${issue.hint}` : issue.message,
    code: issue.code,
    source: OWNER,
  };
}

// The library's completion kinds as Monaco CompletionItemKind names.
const COMPLETION_KINDS = { key: "Property", value: "Value", opId: "Reference", literal: "Variable", image: "Text" };

const sameRange = (a, b) =>
  a.startLineNumber === b.startLineNumber &&
  a.startColumn === b.startColumn &&
  a.endLineNumber === b.endLineNumber &&
  a.endColumn === b.endColumn;
const intersects = (a, b) =>
  !(
    a.endLineNumber < b.startLineNumber ||
    (a.endLineNumber === b.startLineNumber && a.endColumn < b.startColumn) ||
    b.endLineNumber < a.startLineNumber ||
    (b.endLineNumber === a.startLineNumber && b.endColumn < a.startColumn)
  );

/**
 * Attaches the Nosana language service to Monaco.
 * @param {object} monaco the `monaco` namespace (monaco-editor)
 * @param {object} options
 * @param {object} options.lib the library module (main or /editor entry; /job lints without completion or hover)
 * @param {"auto"|"job"|"deployment"} [options.kind] what the documents are (default auto: by shape)
 * @param {string} [options.languageId] the models' language (default "json")
 * @param {(model: object) => boolean} [options.filter] which models of that language (default: all)
 * @param {number} [options.delay] ms to wait after a change before validating; 0 validates at once
 * @param {(result: object, model: object) => void} [options.onResult] every validation result
 * @returns {{ dispose(): void, validate(model: object): void }}
 */
export function attachNosana(
  monaco,
  { lib, kind = "auto", languageId = "json", filter = () => true, delay = 250, onResult } = {},
) {
  if (!lib || typeof lib.validateJobDefinition !== "function")
    throw new TypeError("attachNosana(): pass the library as `lib` (it has no validateJobDefinition)");
  const validateText = validatorFor(lib, kind);
  const wanted = (model) => !model.isDisposed?.() && model.getLanguageId() === languageId && filter(model);
  /** model → { version, issues } of its last validation, for code actions. */
  const reports = new WeakMap();
  const watched = new Map(); // model → { listener, timer }
  const disposables = [];

  function validate(model) {
    if (!wanted(model)) {
      monaco.editor.setModelMarkers(model, OWNER, []);
      return;
    }
    const result = validateText(model.getValue());
    reports.set(model, { version: model.getVersionId(), issues: result.issues });
    monaco.editor.setModelMarkers(
      model,
      OWNER,
      result.issues.map((issue) => toMarker(monaco, model, issue)),
    );
    onResult?.(result, model);
  }

  function watch(model) {
    if (watched.has(model)) return;
    const entry = { timer: undefined };
    entry.listener = model.onDidChangeContent(() => {
      if (delay === 0) return validate(model);
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => validate(model), delay);
    });
    watched.set(model, entry);
    validate(model);
  }

  function unwatch(model) {
    const entry = watched.get(model);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.listener.dispose();
    watched.delete(model);
    monaco.editor.setModelMarkers(model, OWNER, []);
  }

  for (const model of monaco.editor.getModels()) watch(model);
  disposables.push(monaco.editor.onDidCreateModel(watch));
  disposables.push(monaco.editor.onWillDisposeModel(unwatch));
  // A model whose language changes to (or from) ours is validated again (or cleared).
  if (monaco.editor.onDidChangeModelLanguage)
    disposables.push(monaco.editor.onDidChangeModelLanguage(({ model }) => validate(model)));

  disposables.push(
    monaco.languages.registerCompletionItemProvider(languageId, {
      triggerCharacters: ['"', ":", "%", ".", " "],
      provideCompletionItems(model, position) {
        if (!wanted(model)) return { suggestions: [] };
        const text = model.getValue();
        const { from, to, items } = completionsAt(lib, text, model.getOffsetAt(position));
        const kinds = monaco.languages.CompletionItemKind;
        const range = monacoRange(model, from, to);
        // Monaco filters by the text from the range's start to the cursor: a key's starts at its quote.
        const quote = text[from] === '"' ? '"' : "";
        return {
          suggestions: items.map((item, i) => ({
            label: item.label,
            kind: kinds[COMPLETION_KINDS[item.kind] ?? "Text"],
            detail: item.detail,
            documentation: item.documentation ? { value: item.documentation } : undefined,
            insertText: item.insert,
            insertTextRules: item.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
            range,
            filterText: `${quote}${item.label}`,
            sortText: String(i).padStart(5, "0"),
          })),
        };
      },
    }),
  );

  disposables.push(
    monaco.languages.registerHoverProvider(languageId, {
      provideHover(model, position) {
        if (!wanted(model)) return null;
        const hover = hoverAt(lib, model.getValue(), model.getOffsetAt(position));
        return hover
          ? { contents: [{ value: hover.markdown }], range: monacoRange(model, hover.from, hover.to) }
          : null;
      },
    }),
  );

  disposables.push(
    monaco.languages.registerCodeActionProvider(
      languageId,
      {
        provideCodeActions(model, range) {
          const report = reports.get(model);
          if (!wanted(model) || !report || report.version !== model.getVersionId())
            return { actions: [], dispose() {} };
          const length = model.getValue().length;
          const actions = [];
          for (const issue of report.issues) {
            const fixes = fixesOf(issue);
            if (fixes.length === 0) continue;
            const marker = toMarker(monaco, model, issue);
            if (!intersects(marker, range) && !sameRange(marker, range)) continue;
            for (const fix of fixes) {
              actions.push({
                title: fix.title,
                kind: "quickfix",
                diagnostics: [marker],
                isPreferred: fixes.length === 1,
                edit: {
                  edits: fixChanges(fix, length).map(({ from, to, insert }) => ({
                    resource: model.uri,
                    textEdit: { range: monacoRange(model, from, to), text: insert },
                    versionId: report.version,
                  })),
                },
              });
            }
          }
          return { actions, dispose() {} };
        },
      },
      { providedCodeActionKinds: ["quickfix"] },
    ),
  );

  return {
    validate,
    dispose() {
      for (const model of [...watched.keys()]) unwatch(model);
      for (const d of disposables.splice(0)) d.dispose();
    },
  };
}
