// nosana-deployments/codemirror in headless Chromium: diagnostics at the library's ranges with the
// hint apart, a completion list at a key position, a hover with the key's description, and a quick
// fix that changes the text. The Node build of the library is the oracle.
import assert from "node:assert/strict";
import { test } from "node:test";
import { servePage } from "./codemirror-page.mjs";
import { chromiumTab, lib, MISSPELLED, positionOf, TYPING_KEY, VALID } from "./helpers.mjs";

const session = chromiumTab(servePage);
const { errors } = session;

async function start(doc) {
  await session.tab.evaluate((d) => window.startEditor(d), doc);
  // The first lint pass has run once a result is recorded.
  await session.tab.waitForFunction(() => window.results.length > 0);
}

const docText = () => session.tab.evaluate(() => window.view.state.doc.toString());

/** Moves the mouse over document offset `pos` (the middle of its character). */
async function hoverAt(pos) {
  const box = await session.tab.evaluate((p) => {
    const a = window.view.coordsAtPos(p);
    const b = window.view.coordsAtPos(p + 1);
    return { x: (a.left + b.left) / 2, y: (a.top + a.bottom) / 2 };
  }, pos);
  await session.tab.mouse.move(box.x - 20, box.y + 60);
  await session.tab.mouse.move(box.x, box.y, { steps: 4 });
}

test("diagnostics: one lint mark per issue, over the library's range", async () => {
  await start(MISSPELLED);
  const issues = lib.validateJobDefinition(MISSPELLED, { warnings: true }).issues;
  const diagnostics = await session.tab.evaluate(() => window.results.at(-1).issues.map((i) => i.code));
  assert.deepEqual(
    diagnostics,
    issues.map((i) => i.code),
    "the page's library agrees with the Node build",
  );
  await session.tab.waitForSelector(".cm-lintRange-error");
  const marked = await session.tab.$$eval(".cm-lintRange-error", (els) => els.map((e) => e.textContent).join(""));
  const unknown = issues.find((i) => i.code === "unknownKey");
  assert.ok(unknown, "the misspelled key is reported");
  assert.ok(
    marked.includes(MISSPELLED.slice(unknown.range.start.offset, unknown.range.end.offset)),
    `marked: ${marked}`,
  );
});

test("the lint tooltip shows the message, the code and the hint apart, and the fix applies", async () => {
  await start(MISSPELLED);
  const issue = lib.validateJobDefinition(MISSPELLED, { warnings: true }).issues.find((i) => i.code === "unknownKey");
  assert.ok(issue.fixes?.length > 0, "the library offers a fix for the misspelled key");
  await session.tab.waitForSelector(".cm-lintRange-error");
  await hoverAt(issue.range.start.offset + 2);
  await session.tab.waitForSelector(".cm-tooltip-lint .cm-nosana-issue");
  // The tooltip lists every diagnostic at that place (the key is inside `args`, which misses `image`).
  const item = session.tab.locator(".cm-tooltip-lint .cm-diagnostic", {
    has: session.tab.locator(".cm-nosana-message", { hasText: issue.message }),
  });
  assert.equal(await item.count(), 1);
  assert.equal(await item.locator(".cm-nosana-message").textContent(), issue.message);
  assert.equal(await item.locator(".cm-nosana-meta code").textContent(), issue.code);
  if (issue.hint) assert.equal(await item.locator(".cm-nosana-hint").textContent(), `Hint: ${issue.hint}`);
  const expected = lib.applyFixes(MISSPELLED, [{ ...issue, fixes: [issue.fixes[0]] }]);
  assert.notEqual(expected, MISSPELLED);
  const buttons = await item.locator(".cm-diagnosticAction").allTextContents();
  assert.deepEqual(
    buttons,
    issue.fixes.map((f) => f.title),
  );
  await item.locator(".cm-diagnosticAction").first().click();
  assert.equal(await docText(), expected);
  assert.ok(!lib.validateJobDefinition(await docText()).issues.some((i) => i.code === "unknownKey"));
});

async function cursorAt(pos) {
  await session.tab.evaluate((p) => {
    window.view.focus();
    window.view.dispatch({ selection: { anchor: p } });
  }, pos);
}

test("completion: Ctrl-Space inside a new key lists the library's keys", async () => {
  const { text, offset } = positionOf(TYPING_KEY, "__KEY__");
  const want = [...lib.completionsAt(text, offset)].map((c) => c.label);
  assert.ok(want.length > 0, "the library completes keys there");
  await start(text);
  await cursorAt(offset);
  await session.tab.keyboard.press("Control+Space");
  await session.tab.waitForSelector(".cm-tooltip-autocomplete li");
  const shown = await session.tab.$$eval(".cm-tooltip-autocomplete li .cm-completionLabel", (els) =>
    els.map((e) => e.textContent),
  );
  assert.deepEqual([...shown].sort(), [...want].sort());
});

test("completion: typing in a new key opens the list, filtered, and Enter inserts the snippet", async () => {
  const { text, offset } = positionOf(TYPING_KEY, "__KEY__");
  await start(text);
  await cursorAt(offset);
  await session.tab.keyboard.type("wor");
  await session.tab.waitForSelector(".cm-tooltip-autocomplete li");
  const shown = await session.tab.$$eval(".cm-tooltip-autocomplete li .cm-completionLabel", (els) =>
    els.map((e) => e.textContent),
  );
  assert.equal(shown[0], "work_dir", JSON.stringify(shown));
  const typed = `${text.slice(0, offset)}wor${text.slice(offset)}`;
  const item = [...lib.completionsAt(typed, offset + 3)].find((c) => c.label === "work_dir");
  assert.ok(item, "the library offers work_dir");
  await session.tab.keyboard.press("Enter");
  // The snippet's text replaces the key being typed, quotes included; its fields are left empty.
  const expected =
    typed.slice(0, item.range.start.offset) +
    item.insertText.replace(/\$\{\d+:([^}]*)\}/g, "$1").replace(/\$\d+/g, "") +
    typed.slice(item.range.end.offset);
  assert.equal(await docText(), expected);
});

test("hover: the key's description from the library", async () => {
  await start(VALID);
  const offset = VALID.indexOf('"image"') + 2;
  const expected = lib.hoverAt(VALID, offset);
  assert.ok(expected, "the library describes the image key");
  const markdown = typeof expected === "string" ? expected : (expected.markdown ?? expected.contents);
  await hoverAt(offset);
  const tooltip = await session.tab.waitForSelector(".cm-tooltip-hover .cm-nosana-hover");
  // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered (Markdown marks gone) is what is checked.
  const shown = await tooltip.evaluate((e) => e.innerText);
  // The Markdown is rendered as text: the same words, without the `code` and **bold** marks.
  const words = (s) => s.replace(/[`*]/g, "").split(/\s+/).filter(Boolean).join(" ");
  assert.ok(words(markdown).length > 0);
  assert.equal(words(shown), words(markdown));
});

test("no errors on the page", () => {
  assert.deepEqual(errors, []);
});
