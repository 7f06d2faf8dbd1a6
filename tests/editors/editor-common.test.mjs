// js/editor-common.mjs: which fixes go together in one round (fixRound: a missing field's
// placeholder waits while any other fix is left, since that fix may supply the field), and which
// documents are deployment bodies (looksLikeDeployment).
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixRound, looksLikeDeployment } from "../../js/editor-common.mjs";

const fix = { title: "t", edits: [{ range: { start: { offset: 0 }, end: { offset: 0 } }, newText: "x" }] };
const issue = (code, fixes = [fix]) => ({ code, fixes });

test("placeholders wait for the other fixes", () => {
  const rename = issue("unknownKey");
  const missing = issue("missingField");
  assert.deepEqual(fixRound([missing, rename]), [rename]);
});

test("alone, placeholders are applied; issues without fixes or with empty ones never are", () => {
  const missing = issue("missingField");
  assert.deepEqual(fixRound([missing, issue("invalidImage", []), issue("other", [{ title: "no edits", edits: [] }])]), [
    missing,
  ]);
  assert.deepEqual(fixRound([]), []);
});

test("looksLikeDeployment: a top-level job_definition key, or one in text that does not parse yet", () => {
  assert.equal(looksLikeDeployment('{ "job_definition": {}, "name": "x" }'), true);
  assert.equal(looksLikeDeployment('{ "ops": [{ "args": { "job_definition": 1 } }] }'), false);
  assert.equal(looksLikeDeployment('{ "job_definition": { "ops": [ '), true);
  assert.equal(looksLikeDeployment('{ "version": "0.1", '), false);
  assert.equal(looksLikeDeployment("[]"), false);
});
