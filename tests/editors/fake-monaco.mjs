// A minimal fake of the monaco-editor API surface js/monaco.mjs uses (models, markers, provider
// registration and the enums), with Monaco's conventions: 1-based line numbers and columns, UTF-16
// columns, enum values and signatures as in monaco-editor 0.57.0 (its monaco.d.ts).

class Emitter {
  listeners = new Set();
  event = (fn) => {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  };
  fire(value) {
    for (const fn of [...this.listeners]) fn(value);
  }
}

class FakeModel {
  constructor(monaco, text, languageId, uri) {
    this.monaco = monaco;
    this.text = text;
    this.languageId = languageId;
    this.uri = { toString: () => uri, path: uri };
    this.version = 1;
    this.changes = new Emitter();
    this.disposed = false;
  }
  getValue() {
    return this.text;
  }
  getLanguageId() {
    return this.languageId;
  }
  getVersionId() {
    return this.version;
  }
  isDisposed() {
    return this.disposed;
  }
  onDidChangeContent(fn) {
    return this.changes.event(fn);
  }
  getPositionAt(offset) {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const before = this.text.slice(0, clamped).split("\n");
    return { lineNumber: before.length, column: before.at(-1).length + 1 };
  }
  getOffsetAt({ lineNumber, column }) {
    const lines = this.text.split("\n");
    let offset = 0;
    for (let i = 0; i < lineNumber - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    return Math.min(offset + column - 1, this.text.length);
  }
  setValue(text) {
    this.text = text;
    this.version++;
    this.changes.fire({});
  }
  /** Applies non-overlapping edits ({ range, text }) the way Monaco does: all against the current text. */
  applyEdits(edits) {
    const resolved = edits
      .map((e) => ({
        from: this.getOffsetAt({ lineNumber: e.range.startLineNumber, column: e.range.startColumn }),
        to: this.getOffsetAt({ lineNumber: e.range.endLineNumber, column: e.range.endColumn }),
        text: e.text,
      }))
      .sort((a, b) => b.from - a.from);
    let text = this.text;
    for (const e of resolved) text = text.slice(0, e.from) + e.text + text.slice(e.to);
    this.setValue(text);
  }
}

export function createFakeMonaco() {
  const created = new Emitter();
  const willDispose = new Emitter();
  const models = [];
  const providers = { completion: [], hover: [], codeAction: [] };
  const markers = new Map(); // model → { owner → markers }
  const register = (list) => (languageId, provider, metadata) => {
    const entry = { languageId, provider, metadata };
    list.push(entry);
    return { dispose: () => list.splice(list.indexOf(entry), 1) };
  };
  const monaco = {
    MarkerSeverity: { Hint: 1, Info: 2, Warning: 4, Error: 8 },
    languages: {
      CompletionItemKind: {
        Method: 0,
        Function: 1,
        Constructor: 2,
        Field: 3,
        Variable: 4,
        Class: 5,
        Struct: 6,
        Interface: 7,
        Module: 8,
        Property: 9,
        Event: 10,
        Operator: 11,
        Unit: 12,
        Value: 13,
        Constant: 14,
        Enum: 15,
        EnumMember: 16,
        Keyword: 17,
        Text: 18,
        Color: 19,
        File: 20,
        Reference: 21,
        Customcolor: 22,
        Folder: 23,
        TypeParameter: 24,
        User: 25,
        Issue: 26,
        Tool: 27,
        Snippet: 28,
      },
      CompletionItemInsertTextRule: { None: 0, KeepWhitespace: 1, InsertAsSnippet: 4 },
      registerCompletionItemProvider: register(providers.completion),
      registerHoverProvider: register(providers.hover),
      registerCodeActionProvider: register(providers.codeAction),
    },
    editor: {
      getModels: () => [...models],
      onDidCreateModel: created.event,
      onWillDisposeModel: willDispose.event,
      setModelMarkers(model, owner, list) {
        if (!markers.has(model)) markers.set(model, {});
        markers.get(model)[owner] = list;
      },
      getModelMarkers({ owner }) {
        return [...markers.values()].flatMap((byOwner) => byOwner[owner] ?? []);
      },
      createModel(text, languageId = "json", uri = `inmemory://model/${models.length + 1}.nosana.json`) {
        const model = new FakeModel(monaco, text, languageId, uri);
        models.push(model);
        created.fire(model);
        return model;
      },
      disposeModel(model) {
        willDispose.fire(model);
        model.disposed = true;
        models.splice(models.indexOf(model), 1);
      },
    },
  };
  return { monaco, providers, markersOf: (model, owner = "nosana-deployments") => markers.get(model)?.[owner] ?? [] };
}
