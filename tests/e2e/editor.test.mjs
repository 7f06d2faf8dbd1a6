// The job definition editor: markers at the places the library reports, an issue list that jumps to
// them, and markers that go away once the document is fixed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { location, nodeLib, usePlayground, shownIssues, shownMarkers, typeInEditor } from "./harness.mjs";

const p = usePlayground({ sandbox: false });

const BROKEN = `{
  "version": "0.1",
  "type": "container",
  "ops": [
    {
      "type": "container/run",
      "id": "web",
      "args": {
        "image": "nginx",
        "expose": 80,
      }
    }
  ]
}
`;

/** Waits until the issue list shows exactly the issues the Node build of the library reports. */
async function expectIssuesOf(tab, text) {
  const expected = nodeLib.validateJobDefinition(text, { warnings: true }).issues;
  // The page lists issues in document order (a stable sort of the library's order).
  const ordered = [...expected].sort((a, b) => (a.range?.start.offset ?? -1) - (b.range?.start.offset ?? -1));
  const want = ordered.map((i) => ({ code: i.code, location: location(i), severity: i.severity }));
  const deadline = Date.now() + 8000;
  let shown;
  for (;;) {
    shown = await shownIssues(tab);
    if (JSON.stringify(shown) === JSON.stringify(want) || Date.now() > deadline) break;
    await tab.waitForTimeout(100);
  }
  assert.deepEqual(shown, want);
  return expected;
}

/** Every issue with a range has a marker on its start line that covers its text. */
async function expectMarkersOf(tab, text, issues) {
  await tab.waitForFunction(
    (n) => document.querySelectorAll(".cm-lintRange, .cm-lintPoint").length >= n,
    Math.min(issues.length, 1),
    { timeout: 5000 },
  );
  const markers = await shownMarkers(tab);
  for (const issue of issues) {
    const line = issue.range ? issue.range.start.line : 1;
    const onLine = markers.filter((m) => m.line === line);
    assert.ok(onLine.length > 0, `a marker on line ${line} for ${issue.code} (markers: ${JSON.stringify(markers)})`);
    if (issue.severity === "error")
      assert.ok(
        onLine.some((m) => m.error),
        `an error marker on line ${line} for ${issue.code}`,
      );
    if (issue.range && issue.range.end.offset > issue.range.start.offset) {
      const slice = text.slice(issue.range.start.offset, issue.range.end.offset).split("\n")[0];
      const joined = onLine.map((m) => m.text).join("");
      assert.ok(
        joined.includes(slice),
        `marker text on line ${line} ${JSON.stringify(joined)} covers ${JSON.stringify(slice)} (${issue.code})`,
      );
    }
  }
}

test("a broken job definition is marked where the library says; clicking an issue selects it; fixing clears it", {
  timeout: 60_000,
}, async () => {
  const { tab } = p;
  await typeInEditor(tab, BROKEN);
  const issues = await expectIssuesOf(tab, BROKEN);
  assert.equal(issues.length, 1);
  assert.equal(issues[0].code, "invalidJson");
  // The parser stops at the "}" after the trailing comma (line 11, column 7): that is what is underlined.
  assert.equal(location(issues[0]), "11:7");
  await expectMarkersOf(tab, BROKEN, issues);
  assert.deepEqual(await shownMarkers(tab), [{ text: "}", error: true, line: 11 }]);
  assert.equal(await tab.getAttribute('[data-testid="editor-status"]', "data-state"), "error");
  // The issue list shows code and line:column, and a click selects the issue's range in the editor.
  const item = tab.locator('[data-testid="issue"]').first();
  assert.match(await item.textContent(), /invalidJson/);
  await item.locator("button").click();
  const selection = await tab.evaluate(() => {
    const s = window.playground.editor.view.state.selection.main;
    return { from: s.from, to: s.to, focused: window.playground.editor.view.hasFocus };
  });
  const brace = BROKEN.indexOf("}", BROKEN.indexOf("80,"));
  const want = { from: brace, to: brace + 1 };
  assert.deepEqual({ from: selection.from, to: selection.to }, want);
  assert.ok(selection.focused);
  // Hovering a marker shows message, code and hint.
  await tab.locator(".cm-lintRange-error").first().hover();
  const tip = tab.locator(".cm-tooltip-lint").first();
  await tip.waitFor({ timeout: 5000 });
  assert.match(await tip.textContent(), /invalidJson/);

  // Fix it: the markers and the list empty out.
  const fixed = BROKEN.replace('"expose": 80,\n', '"expose": 80\n');
  await typeInEditor(tab, fixed);
  await expectIssuesOf(tab, fixed);
  await tab.waitForFunction(() => document.querySelectorAll(".cm-lintRange").length === 0, null, { timeout: 5000 });
  assert.equal(await tab.getAttribute('[data-testid="editor-status"]', "data-state"), "valid");

  // One keystroke breaks it, one fixes it again.
  await tab.keyboard.press("ControlOrMeta+End");
  await tab.keyboard.type("x");
  await tab.waitForSelector('[data-testid="issue"][data-code="invalidJson"]', { timeout: 5000 });
  await tab.keyboard.press("Backspace");
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="issue"]').length === 0, null, {
    timeout: 5000,
  });
  assert.deepEqual(p.errors, []);
});

test("every template is marked exactly as the library reports it", { timeout: 60_000 }, async () => {
  const { tab } = p;
  const ids = await tab.$$eval('[data-testid="template-picker"] option', (os) => os.map((o) => o.value));
  assert.ok(ids.length >= 8, `templates: ${ids}`);
  for (const id of ids) {
    const text = await (await fetch(new URL(`/templates/${id}.json`, p.pg.url))).text();
    await tab.selectOption('[data-testid="template-picker"]', id);
    await tab.waitForFunction((t) => window.playground.editor.getText() === t, text); // loaded verbatim
    const issues = await expectIssuesOf(tab, text);
    if (issues.length) await expectMarkersOf(tab, text, issues);
  }
  // The screenshot shows the broken schema example with its issues.
  const text = await (await fetch(new URL("/templates/broken-schema.json", p.pg.url))).text();
  await tab.selectOption('[data-testid="template-picker"]', "broken-schema");
  await tab.waitForFunction((t) => window.playground.editor.getText() === t, text);
  await expectIssuesOf(tab, text);
  // Spot checks of what the oracle already compared: the misspelt key and the duplicate op id.
  const shown = await shownIssues(tab);
  assert.ok(
    shown.some((i) => i.code === "unknownKey" && i.location === "9:9"),
    JSON.stringify(shown),
  );
  assert.ok(
    shown.some((i) => i.code === "duplicateOpId" && i.location === "16:13"),
    JSON.stringify(shown),
  );
  const markers = await shownMarkers(tab);
  assert.ok(
    markers
      .filter((m) => m.line === 9)
      .map((m) => m.text)
      .join("")
      .includes('"imag"'),
  );
  assert.ok(
    markers
      .filter((m) => m.line === 16)
      .map((m) => m.text)
      .join("")
      .includes('"web server"'),
  );
  await p.screenshot("editor.png", { clip: await tab.locator('[data-testid="editor-panel"]').boundingBox() });
  assert.deepEqual(p.errors, []);
});
