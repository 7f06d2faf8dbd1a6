// How the editor's issues read: plain text (no literal backticks), the hint set apart, "did you mean"
// quick fixes as buttons, and one message per problem wherever it is shown (editor and form).
import assert from "node:assert/strict";
import { test } from "node:test";
import { nodeLib, usePlayground, typeInEditor } from "./harness.mjs";

const p = usePlayground({ sandbox: false });

const misspelled = JSON.stringify(
  { version: "0.1", type: "container", ops: [{ type: "container/run", id: "web", args: { imag: "nginx" } }] },
  null,
  2,
);

test("a misspelled key gets a quick fix button that renames it", { timeout: 30_000 }, async () => {
  const { tab } = p;
  const expected = nodeLib.validateJobDefinition(misspelled).issues.find((i) => i.fixes?.length);
  assert.ok(expected, "the library offers a fix for the misspelled key");
  await typeInEditor(tab, misspelled);
  const fix = tab.locator(`[data-testid="issue"][data-code="${expected.code}"] [data-testid="issue-fix"]`);
  await fix.waitFor();
  assert.equal(await fix.textContent(), expected.fixes[0].title.replaceAll("`", ""));
  await fix.click();
  await tab.waitForFunction(() => window.playground.editor.getText().includes('"image": "nginx"'));
  await tab.waitForSelector('[data-testid="editor-status"][data-state="valid"]');
});

test("messages are plain text and the hint is set apart from the message", { timeout: 30_000 }, async () => {
  const { tab } = p;
  await typeInEditor(tab, misspelled);
  const issue = nodeLib.validateJobDefinition(misspelled).issues.find((i) => i.hint);
  const item = tab.locator(`[data-testid="issue"][data-code="${issue.code}"]`);
  await item.waitFor();
  const message = await item.locator('[data-testid="issue-message"]').textContent();
  assert.equal(message, issue.message.replaceAll("`", ""));
  assert.ok(!message.includes(issue.hint), "the hint is not glued to the message");
  assert.equal(
    await item.locator('[data-testid="issue-hint"]').textContent(),
    `Hint: ${issue.hint.replaceAll("`", "")}`,
  );
  // Code-like words keep their look, as <code>, without the backticks.
  if (issue.message.includes("`")) assert.ok((await item.locator('[data-testid="issue-message"] code').count()) > 0);
});

test("the same invalid JSON gives the same message in the editor and in the form", { timeout: 30_000 }, async () => {
  const { tab } = p;
  const text = '{ "version": "0.1", "ops": [ }';
  const [issue] = nodeLib.validateJobDefinition(text).issues;
  await typeInEditor(tab, text);
  await tab.waitForSelector(`[data-testid="issue"][data-code="${issue.code}"]`);
  const inEditor = await tab.textContent(
    `[data-testid="issue"][data-code="${issue.code}"] [data-testid="issue-message"]`,
  );
  await tab.waitForFunction(
    (m) => document.querySelector('[data-testid="form-jobdef-status"]').textContent.includes(m),
    inEditor,
  );
  assert.equal(inEditor, issue.message.replaceAll("`", ""));
});
