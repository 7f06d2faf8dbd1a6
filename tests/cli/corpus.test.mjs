// Every job definition in the vendored corpus (tests/fixtures/corpus), linted by the CLI, gets the
// verdict @nosana/types 2.1.6 gives it (expected-results.csv, column types_2_1_6_valid), except
// the deliberate differences below.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { CORPUS_DIR, expectedResults } from "../js/corpus.mjs";
import { cliJson } from "./helpers.mjs";

/**
 * file → why our verdict deliberately differs from @nosana/types 2.1.6. docs/differences.md lists the
 * deliberate differences (newer-spec fields accepted; semantic errors the node would hit); none of
 * them occurs in the public corpus, so this is empty. A corpus file that trips one goes here.
 */
const DIFFERENCES = {};

test("the corpus verdicts match @nosana/types 2.1.6 (types_2_1_6_valid)", () => {
  const expected = expectedResults()
    .filter((e) => /\.(json|ya?ml)$/.test(e.file))
    .map((e) => ({ file: e.file, valid: e.types_2_1_6_valid === "true" }));
  assert.ok(expected.length > 100, `only ${expected.length} corpus rows`);
  // Both verdicts occur, so a CLI that called everything valid (or invalid) would fail here.
  assert.ok(expected.some((e) => e.valid) && expected.some((e) => !e.valid), "the corpus has only one verdict");
  const run = cliJson(["lint", "--kind", "job", ...expected.map((e) => join(CORPUS_DIR, e.file))]);
  assert.equal(run.report.counts.unreadable, 0, JSON.stringify(run.report.files.filter((f) => f.error)));
  assert.equal(run.report.files.length, expected.length);
  const verdicts = new Map(run.report.files.map((f) => [f.file.slice(CORPUS_DIR.length + 1), f.errorCount === 0]));
  const wrong = [];
  for (const { file, valid } of expected) {
    const want = file in DIFFERENCES ? !valid : valid;
    if (verdicts.get(file) !== want) wrong.push(`${file}: expected ${want ? "valid" : "invalid"}`);
  }
  assert.deepEqual(wrong, []);
  const expectedCode = expected.some((e) => !(e.file in DIFFERENCES ? !e.valid : e.valid)) ? 1 : 0;
  assert.equal(run.code, expectedCode);
});
