// nosana-deployments/monaco in a real Monaco editor in headless Chromium: markers drawn where the
// library puts issues, the suggest widget listing the library's completions, a hover with its
// description, and the preferred quick fix (Monaco's auto-fix) applied. The Node build is the oracle.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchChromium } from "../e2e/browser.mjs";
import { lib, MISSPELLED, positionOf, TYPING_KEY, VALID } from "./helpers.mjs";
import { serveMonacoPage } from "./monaco-page.mjs";

let page;
let browser;
let tab;
const errors = [];

before(
  async () => {
    page = await serveMonacoPage();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    context.setDefaultTimeout(10_000);
    tab = await context.newPage();
    tab.on("pageerror", (err) => errors.push(err.message));
    await tab.goto(page.url);
    await tab.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 20_000 });
  },
  { timeout: 90_000 },
);

after(async () => {
  await browser?.close().catch(() => {});
  await page?.close();
});

const start = (text) => tab.evaluate((t) => window.startEditor(t), text);
const modelText = () => tab.evaluate(() => window.monacoEditor.getModel().getValue());

/** Puts the cursor at a document offset (and focuses the editor). */
function cursorAt(offset) {
  return tab.evaluate((o) => {
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
  const markers = await tab.evaluate(() =>
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
  await tab.waitForSelector(".squiggly-error");
});

test("completion: the suggest widget lists the library's keys inside a new key", async () => {
  const { text, offset } = positionOf(TYPING_KEY, "__KEY__");
  const want = lib.completionsAt(text, offset).map((c) => c.label);
  assert.ok(want.length > 0);
  await start(text);
  await cursorAt(offset);
  await tab.evaluate(() => window.monacoEditor.trigger("test", "editor.action.triggerSuggest", {}));
  await tab.waitForSelector(".suggest-widget.visible .monaco-list-row");
  const shown = await tab.$$eval(".suggest-widget .monaco-list-row .label-name", (els) =>
    els.map((e) => e.textContent),
  );
  assert.deepEqual([...shown].sort(), [...want].sort());
  await tab.keyboard.press("Escape");
});

test("hover: the library's description of the key at the cursor (Monaco's show-hover)", async () => {
  await start(VALID);
  const offset = VALID.indexOf('"image"') + 2;
  const expected = lib.hoverAt(VALID, offset);
  assert.ok(expected);
  await cursorAt(offset);
  await tab.evaluate(() => window.monacoEditor.trigger("test", "editor.action.showHover", {}));
  const hover = await tab.waitForSelector(".monaco-hover .hover-contents");
  const words = (s) => s.replace(/[`*#]/g, "").split(/\s+/).filter(Boolean).join(" ");
  // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered (Markdown marks gone) is what is checked.
  assert.equal(words(await hover.evaluate((e) => e.innerText)), words(expected.contents));
});

test("code actions: Monaco's auto-fix applies the preferred quick fix of the misspelled key", async () => {
  await start(MISSPELLED);
  const issue = lib.validateJobDefinition(MISSPELLED, { warnings: true }).issues.find((i) => i.code === "unknownKey");
  assert.equal(issue.fixes.length, 1, "one fix: the preferred one");
  // Monaco offers a marker's code actions only once the marker is set: wait for it, not for luck.
  await tab.waitForFunction(() => window.markers().some((m) => m.code === "unknownKey"));
  await cursorAt(issue.range.start.offset + 2);
  const expected = lib.applyFixes(MISSPELLED, [issue]);
  // autoFix asks every code-action provider (Monaco's JSON worker too), which can still be starting
  // on a loaded machine, and then does nothing: ask again until the text changes.
  await tab.waitForFunction(
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
  await tab.waitForFunction(() => window.markers().length === 0);
});

test("no errors on the page", () => {
  assert.deepEqual(errors, []);
});
