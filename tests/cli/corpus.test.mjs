// Every job definition in the shared corpus, linted by the CLI, gets the verdict @nosana/types 2.1.6
// gives it (expected-results.csv, column types_2_1_6_valid), except the deliberate differences below.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { cliJson, ROOT } from "./helpers.mjs";

const SHARED = resolve(ROOT, process.env.NOSANA_SHARED_DIR ?? join(ROOT, "..", "shared"));
const CORPUS = join(SHARED, "corpus");
const CSV = join(CORPUS, "expected-results.csv");

/**
 * file → why our verdict deliberately differs from @nosana/types 2.1.6. docs/differences.md lists the
 * deliberate differences (newer-spec fields accepted; semantic errors the node would hit); none of
 * them occurs in the public corpus, so this is empty. A corpus file that trips one goes here.
 */
const DIFFERENCES = {};


function readExpected() {
  const [header, ...rows] = readFileSync(CSV, "utf8").trim().split(/\r?\n/).map(parseCsvLine);
  const fileCol = header.indexOf("file");
  const validCol = header.indexOf("types_2_1_6_valid");
  return rows.map((r) => ({ file: r[fileCol], valid: r[validCol] === "true" }));
}

function parseCsvLine(line) {
  const cells = [];
  const re = /"((?:[^"]|"")*)"|([^,]*)/g;
  for (let pos = 0; pos <= line.length; ) {
    re.lastIndex = pos;
    const m = re.exec(line);
    cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
    pos = re.lastIndex + 1;
  }
  return cells;
}

test(
  "the corpus verdicts match @nosana/types 2.1.6 (types_2_1_6_valid)",
  {
    skip: !existsSync(CSV) && `no corpus at ${CORPUS} (set NOSANA_SHARED_DIR)`,
  },
  () => {
    const expected = readExpected().filter((e) => /\.(json|ya?ml)$/.test(e.file));
    assert.ok(expected.length > 100, `only ${expected.length} corpus rows`);
    const run = cliJson(["lint", "--kind", "job", ...expected.map((e) => join(CORPUS, e.file))]);
    assert.equal(run.report.counts.unreadable, 0, JSON.stringify(run.report.files.filter((f) => f.error)));
    const verdicts = new Map(run.report.files.map((f) => [f.file.slice(CORPUS.length + 1), f.errorCount === 0]));
    const wrong = [];
    for (const { file, valid } of expected) {
      const want = file in DIFFERENCES ? !valid : valid;
      if (verdicts.get(file) !== want) wrong.push(`${file}: expected ${want ? "valid" : "invalid"}`);
    }
    assert.deepEqual(wrong, []);
    const expectedCode = expected.some((e) => !(e.file in DIFFERENCES ? !e.valid : e.valid)) ? 1 : 0;
    assert.equal(run.code, expectedCode);
  },
);
