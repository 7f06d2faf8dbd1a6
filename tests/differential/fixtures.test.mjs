// The vendored fixtures are what they say they are (tests/fixtures/*/PROVENANCE.md): the verdicts of
// @nosana/types 2.1.6 in expected-results.csv are the ones it gives the vendored documents today,
// and the JSON schema the benchmarks give Ajv is the one @nosana/types 2.1.6 ships.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { jobSchemas, validateJobDefinition as typia } from "@nosana/types";
import { CORPUS_DIR, corpusFiles, expectedResults } from "../js/corpus.mjs";

const SCHEMA = fileURLToPath(new URL("../fixtures/schema/job-definition.components.schema.json", import.meta.url));

test("@nosana/types 2.1.6 is the version installed", () => {
  assert.equal(createRequire(import.meta.url)("@nosana/types/package.json").version, "2.1.6");
});

test("the types_2_1_6_valid column is @nosana/types 2.1.6's verdict on every vendored JSON job definition", () => {
  const rows = expectedResults().filter((r) => r.file.endsWith(".json"));
  const wrong = [];
  for (const row of rows) {
    const doc = JSON.parse(readFileSync(join(CORPUS_DIR, row.file), "utf8"));
    const valid = typia(doc).success;
    if (String(valid) !== row.types_2_1_6_valid)
      wrong.push(`${row.file}: the CSV says ${row.types_2_1_6_valid}, @nosana/types says ${valid}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(rows.length > 100, `only ${rows.length} rows`);
  assert.ok(
    rows.some((r) => r.types_2_1_6_valid === "false"),
    "no invalid document: the check compared only one verdict",
  );
});

test("every vendored document has a verdict or is a benchmarks.json, and every verdict a document", () => {
  const listed = new Set(expectedResults().map((r) => r.file));
  const onDisk = readdirSync(CORPUS_DIR).filter((f) => /\.(json|ya?ml)$/.test(f));
  assert.deepEqual(
    onDisk.filter((f) => !listed.has(f) && !f.endsWith("benchmarks.json")),
    [],
  );
  assert.deepEqual(
    [...listed].filter((f) => !onDisk.includes(f)),
    [],
  );
  assert.deepEqual(
    corpusFiles().map((f) => basename(f)),
    onDisk.filter((f) => f.endsWith(".json")).sort(),
  );
});

test("the vendored JSON schema is the one @nosana/types 2.1.6 ships", () => {
  assert.deepEqual(JSON.parse(readFileSync(SCHEMA, "utf8")), jobSchemas);
  assert.ok(Object.keys(jobSchemas.components.schemas).includes("JobDefinition"));
});
