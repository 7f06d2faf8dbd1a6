// nosana-deployments/monaco in a real Monaco editor in headless Chromium: markers drawn where the
// library puts issues, the suggest widget listing the library's completions, a hover with its
// description, and the preferred quick fix (Monaco's auto-fix) applied. The Node build is the oracle.
import assert from "node:assert/strict";
import { test } from "node:test";
import { chromiumTab, lib, MISSPELLED, positionOf, TYPING_KEY, VALID } from "./helpers.mjs";
import { serveMonacoPage } from "./monaco-page.mjs";

const session = chromiumTab(serveMonacoPage);
const { errors } = session;

const start = (text) => session.tab.evaluate((t) => window.startEditor(t), text);
const modelText = () => session.tab.evaluate(() => window.monacoEditor.getModel().getValue());

/** Puts the cursor at a document offset (and focuses the editor). */
function cursorAt(offset) {
  return session.tab.evaluate((o) => {
    const editor = window.monacoEditor;
    const position = editor.getModel().getPositionAt(o);
    editor.focus();
    editor.setPosition(position);
    editor.revealPosition(position);
  }, offset);
}

test("markers: the library's issues, at their ranges, drawn as squiggles", async () => {
  await start(MISSPELLED);
  const issues = lib.validateJobDefinition(MISSPELLED, { warnings: true }).issues;
  const markers = await session.tab.evaluate(() =>
    window.markers().map((m) => [m.code, m.severity, m.startLineNumber, m.startColumn, m.endLineNumber, m.endColumn]),
  );
  assert.deepEqual(
    markers,
    issues.map((i) => [
      i.code,
      i.severity === "error" ? 8 : 4,
      i.range.start.line,
      i.range.start.column,
      i.range.end.line,
      i.range.end.column,
    ]),
  );
  await session.tab.waitForSelector(".squiggly-error");
});

test("completion: the suggest widget lists the library's keys inside a new key", async () => {
  const { text, offset } = positionOf(TYPING_KEY, "__KEY__");
  const want = lib.completionsAt(text, offset).map((c) => c.label);
  assert.ok(want.length > 0);
  await start(text);
  await cursorAt(offset);
  await session.tab.evaluate(() => window.monacoEditor.trigger("test", "editor.action.triggerSuggest", {}));
  await session.tab.waitForSelector(".suggest-widget.visible .monaco-list-row");
  const shown = await session.tab.$$eval(".suggest-widget .monaco-list-row .label-name", (els) =>
    els.map((e) => e.textContent),
  );
  assert.deepEqual([...shown].sort(), [...want].sort());
  await session.tab.keyboard.press("Escape");
});

test("hover: the library's description of the key at the cursor (Monaco's show-hover)", async () => {
  await start(VALID);
  const offset = VALID.indexOf('"image"') + 2;
  const expected = lib.hoverAt(VALID, offset);
  assert.ok(expected);
  await cursorAt(offset);
  await session.tab.evaluate(() => window.monacoEditor.trigger("test", "editor.action.showHover", {}));
  const hover = await session.tab.waitForSelector(".monaco-hover .hover-contents");
  const words = (s) => s.replace(/[`*#]/g, "").split(/\s+/).filter(Boolean).join(" ");
  // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered (Markdown marks gone) is what is checked.
  assert.equal(words(await hover.evaluate((e) => e.innerText)), words(expected.contents));
});

test("code actions: Monaco's auto-fix applies the preferred quick fix of the misspelled key", async () => {
  await start(MISSPELLED);
  const issue = lib.validateJobDefinition(MISSPELLED, { warnings: true }).issues.find((i) => i.code === "unknownKey");
  assert.equal(issue.fixes.length, 1, "one fix: the preferred one");
  // Monaco offers a marker's code actions only once the marker is set: wait for it, not for luck.
  await session.tab.waitForFunction(() => window.markers().some((m) => m.code === "unknownKey"));
  await cursorAt(issue.range.start.offset + 2);
  const expected = lib.applyFixes(MISSPELLED, [issue]);
  // autoFix asks every code-action provider (Monaco's JSON worker too), which can still be starting
  // on a loaded machine, and then does nothing: ask again until the text changes.
  await session.tab.waitForFunction(
    (want) => {
      const editor = window.monacoEditor;
      if (editor.getModel().getValue() === want) return true;
      editor.trigger("test", "editor.action.autoFix", {});
      return false;
    },
    expected,
    { polling: 500, timeout: 30_000 },
  );
  assert.equal(await modelText(), VALID);
  // The change is validated again: no markers left.
  await session.tab.waitForFunction(() => window.markers().length === 0);
});

test("no errors on the page", () => {
  assert.deepEqual(errors, []);
});
