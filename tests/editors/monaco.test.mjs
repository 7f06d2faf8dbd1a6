// nosana-deployments/monaco against a fake of the Monaco API (tests/editors/fake-monaco.mjs):
// markers where the library puts issues, completion and hover from the library, quick fixes that
// remove their issue, and nothing left behind after dispose().
import assert from "node:assert/strict";
import { test } from "node:test";
import { attachNosana } from "../../js/monaco.mjs";
import { createFakeMonaco } from "./fake-monaco.mjs";
import { lib, MISSPELLED, positionOf, TYPING_KEY, VALID } from "./helpers.mjs";

function setup(options = {}) {
  const fake = createFakeMonaco();
  const adapter = attachNosana(fake.monaco, { lib, delay: 0, ...options });
  return { ...fake, adapter };
}

const position = (model, offset) => model.getPositionAt(offset);

test("markers: one per library issue, at its range, with severity, code and the hint apart", () => {
  const { monaco, markersOf } = setup();
  const model = monaco.editor.createModel(MISSPELLED);
  const issues = lib.validateJobDefinition(MISSPELLED, { warnings: true }).issues;
  const markers = markersOf(model);
  assert.ok(issues.length > 0);
  assert.equal(markers.length, issues.length);
  for (const [i, issue] of issues.entries()) {
    const m = markers[i];
    assert.equal(m.code, issue.code);
    assert.equal(m.severity, issue.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning);
    assert.deepEqual(
      [m.startLineNumber, m.startColumn, m.endLineNumber, m.endColumn],
      [issue.range.start.line, issue.range.start.column, issue.range.end.line, issue.range.end.column],
    );
    assert.equal(m.message.split("\nHint: ")[0], issue.message);
    if (issue.hint) assert.equal(m.message.split("\nHint: ")[1], issue.hint);
  }
});

test("a change is validated again: a fixed document has no markers", () => {
  const { monaco, markersOf } = setup();
  const model = monaco.editor.createModel(MISSPELLED);
  assert.ok(markersOf(model).length > 0);
  model.setValue(VALID);
  assert.deepEqual(markersOf(model), []);
});

test("models of another language, or left out by the filter, get no markers", () => {
  const { monaco, markersOf } = setup({ filter: (model) => model.uri.toString().endsWith(".nosana.json") });
  const text = monaco.editor.createModel("{ nope", "plaintext", "inmemory://a.nosana.json");
  const other = monaco.editor.createModel("{ nope", "json", "inmemory://package.json");
  const ours = monaco.editor.createModel("{ nope", "json", "inmemory://b.nosana.json");
  assert.deepEqual(markersOf(text), []);
  assert.deepEqual(markersOf(other), []);
  assert.equal(markersOf(ours)[0].code, "invalidJson");
});

test("models that exist before attaching are validated too", () => {
  const fake = createFakeMonaco();
  const model = fake.monaco.editor.createModel("{ nope");
  attachNosana(fake.monaco, { lib, delay: 0 });
  assert.equal(fake.markersOf(model)[0].code, "invalidJson");
});

test("completion: the library's items, in its order, with a range and snippets marked as such", () => {
  const { monaco, providers } = setup();
  const { text, offset } = positionOf(TYPING_KEY, "__KEY__");
  const model = monaco.editor.createModel(text);
  const [{ provider }] = providers.completion;
  const { suggestions } = provider.provideCompletionItems(model, position(model, offset));
  const want = [...lib.completionsAt(text, offset)];
  assert.ok(want.length > 0, "the library completes keys there");
  assert.deepEqual(
    suggestions.map((s) => s.label),
    want.map((c) => c.label),
  );
  assert.ok(
    want.every((c) => c.kind === "key"),
    "keys are completed there",
  );
  for (const s of suggestions)
    assert.equal(s.kind, monaco.languages.CompletionItemKind.Property, `${s.label} is a property`);
  for (const s of suggestions) {
    assert.ok(s.range.startLineNumber >= 1 && s.range.startColumn >= 1, `${s.label} has a range`);
    const snippet = /\$\{?\d/.test(s.insertText);
    assert.equal(
      s.insertTextRules === monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
      snippet,
      `${s.label}: snippet rule iff snippet text`,
    );
  }
});

test("hover: the library's description over a key", () => {
  const { monaco, providers } = setup();
  const model = monaco.editor.createModel(VALID);
  const offset = VALID.indexOf('"image"') + 2;
  const expected = lib.hoverAt(VALID, offset);
  assert.ok(expected, "the library describes the image key");
  const hover = providers.hover[0].provider.provideHover(model, position(model, offset));
  assert.ok(hover.contents[0].value.length > 0);
  assert.equal(
    hover.contents[0].value,
    typeof expected === "string" ? expected : (expected.markdown ?? expected.contents),
  );
});

test("code actions: the quick fix for a misspelled key, applied, removes the issue", () => {
  const { monaco, providers, markersOf } = setup();
  const model = monaco.editor.createModel(MISSPELLED);
  const marker = markersOf(model).find((m) => m.code === "unknownKey");
  assert.ok(marker);
  const { actions } = providers.codeAction[0].provider.provideCodeActions(model, marker, { markers: [marker] });
  const fix = actions.find((a) => a.diagnostics[0].code === "unknownKey");
  assert.ok(fix, "a quick fix for the unknown key");
  assert.equal(fix.kind, "quickfix");
  model.applyEdits(fix.edit.edits.map((e) => e.textEdit));
  assert.ok(!markersOf(model).some((m) => m.code === "unknownKey"), model.getValue());
  // The old actions' version no longer matches: none are offered for a stale report.
  assert.ok(fix.edit.edits.every((e) => e.versionId === 1));
});

test("dispose(): providers unregistered, markers cleared, changes no longer validated", () => {
  const { monaco, providers, markersOf, adapter } = setup();
  const model = monaco.editor.createModel(MISSPELLED);
  adapter.dispose();
  assert.deepEqual([providers.completion.length, providers.hover.length, providers.codeAction.length], [0, 0, 0]);
  assert.deepEqual(markersOf(model), []);
  model.setValue("{ nope");
  assert.deepEqual(markersOf(model), []);
});
