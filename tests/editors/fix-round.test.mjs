// Which fixes go together in one round (js/editor-common.mjs fixRound): a missing field's
// placeholder waits while any other fix is left, since that fix may supply the field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixRound } from "../../js/editor-common.mjs";

const fix = { title: "t", edits: [{ range: { start: { offset: 0 }, end: { offset: 0 } }, newText: "x" }] };
const issue = (code, fixes = [fix]) => ({ code, fixes });

test("placeholders wait for the other fixes", () => {
  const rename = issue("unknownKey");
  const missing = issue("missingField");
  assert.deepEqual(fixRound([missing, rename]), [rename]);
});

test("alone, placeholders are applied; issues without fixes or with empty ones never are", () => {
  const missing = issue("missingField");
  assert.deepEqual(fixRound([missing, issue("invalidImage", []), issue("other", [{ title: "no edits", edits: [] }])]), [missing]);
  assert.deepEqual(fixRound([]), []);
});
