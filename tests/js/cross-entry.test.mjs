// One document, the same issues in the same order, whatever the entry (JS side; tests/cross_entry.rs
// is the Rust side). Every corpus document, and the multi-issue documents of
// tests/fixtures/cross-entry, go through: a string (the one-call path, and the general path with an
// options object of a class of its own), the object `JSON.parse` makes of it (no ranges), the
// `/job` and `/editor` entries, Standard Schema (its errors, as { message, path }), and the CLI's JSON output; as a
// job definition, and nested in a deployment body. YAML documents, which only the CLI reads, are
// compared with the library's answer for the value the CLI parsed.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseYaml } from "../../cli/yaml.mjs";
import { cliJson } from "../cli/helpers.mjs";
import { corpusFiles } from "./corpus.mjs";

const require = createRequire(import.meta.url);
const full = require("nosana-deployments");
const job = require("nosana-deployments/job");
const editor = require("nosana-deployments/editor");

const FIXTURES = fileURLToPath(new URL("../fixtures/cross-entry", import.meta.url));

/** Options whose JSON form is `{ warnings }`, which the one-call reader leaves to the general path. */
class GeneralPathOptions {
  constructor(warnings) {
    this.warnings = warnings;
  }
}

/** A valid deployment create body around a job definition text (one line, so ranges only shift). */
const BODY_PREFIX =
  '{"name":"cross-entry","market":"nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7","replicas":1,"timeout":60,"strategy":"SIMPLE","confidential":false,"job_definition":';
const asBody = (text) => `${BODY_PREFIX}${text}}`;

/** More issues than a report lists: the `tooManyIssues` summary, which has no range, comes last. */
function manyIssues() {
  const extra = Array.from({ length: 1100 }, (_, i) => `"unknown${i}": ${i}`).join(",\n");
  return `{"version": "0.1", "type": "container", "ops": [],\n${extra}}`;
}

function documents(tmp) {
  const many = join(tmp, "many-issues.json");
  writeFileSync(many, manyIssues());
  const corpus = corpusFiles();
  assert.ok(corpus.length > 50, `only ${corpus.length} corpus documents`);
  const fixtures = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(FIXTURES, f));
  assert.ok(fixtures.length >= 3, "the cross-entry fixtures are missing");
  return [...corpus, ...fixtures, many].map((file) => ({
    file,
    text: readFileSync(file, "utf8"),
    yaml: /\.ya?ml$/i.test(file),
  }));
}

// A value (no text) gets issues without ranges, hence without fixes (which are text edits).
const withoutRanges = (report) => ({
  success: report.success,
  issues: report.issues.map(({ range, fixes, ...issue }) => ({ ...issue, fixes: [] })),
});

/** Standard Schema's answer for a report of errors only (warnings off), and the value it validated. */
function standardAnswer(errorsOnly, value) {
  assert.ok(errorsOnly.issues.every((i) => i.severity === "error"));
  return errorsOnly.issues.length === 0
    ? { value }
    : { issues: errorsOnly.issues.map(({ code, message, path }) => ({ code, message, path })) };
}

/**
 * Every library entry for one kind of document. `validate(entry)` names the function; the text is
 * validated as given, as an object when it parses, through the Standard Schema object, and the answer
 * of the string on the one-call path is the reference. Returns it, for the CLI comparison.
 */
function assertLibraryEntriesAgree(label, text, { name, schema, entries }) {
  const reference = full[name](text);
  const generalPath = full[name](text, new GeneralPathOptions(true));
  assert.deepEqual(generalPath, reference, `${label}: the general path differs from the one-call path`);
  for (const [entry, lib] of entries)
    assert.deepEqual(lib[name](text), reference, `${label}: the ${entry} entry differs`);
  const summary = reference.issues.findIndex((i) => i.code === "tooManyIssues");
  assert.ok(summary === -1 || summary === reference.issues.length - 1, `${label}: tooManyIssues is not last`);
  const located = reference.issues.filter((i) => i.code !== "tooManyIssues");
  assert.ok(
    located.every((i) => i.range),
    `${label}: an issue of the caller's text has no range`,
  );

  const errorsOnly = full[name](text, { warnings: false });
  assert.deepEqual(
    errorsOnly,
    full[name](text, new GeneralPathOptions(false)),
    `${label}: warnings off, the paths differ`,
  );
  // (A truncated report lists the first issues: without warnings, others make the cut.)
  if (summary === -1) {
    const errorsInOrder = reference.issues.filter((i) => i.severity === "error");
    assert.deepEqual(
      errorsOnly.issues,
      errorsInOrder,
      `${label}: warnings off is not the same errors in the same order`,
    );
  }

  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined; // the reference holds the syntax error; there is no object to compare
  }
  if (value !== undefined) {
    for (const [entry, lib] of [["whole", full], ...entries]) {
      assert.deepEqual(
        lib[name](value),
        withoutRanges(reference),
        `${label}: the object through the ${entry} entry differs`,
      );
    }
  }
  for (const [entry, lib] of [["whole", full], ...entries]) {
    const standard = lib[schema]()["~standard"];
    const expected = standardAnswer(errorsOnly, value);
    assert.deepEqual(standard.validate(text), expected, `${label}: Standard Schema (text, ${entry} entry) differs`);
    if (value !== undefined) {
      assert.deepEqual(
        standard.validate(value),
        expected,
        `${label}: Standard Schema (object, ${entry} entry) differs`,
      );
    }
  }
  return reference;
}

/** The CLI's issues per file, from one run over `files` with `--kind kind`. */
function cliIssues(kind, files) {
  const run = cliJson(["lint", "--kind", kind, ...files]);
  assert.equal(run.report.counts.unreadable, 0, JSON.stringify(run.report.files.filter((f) => f.error)));
  return new Map(run.report.files.map((f) => [f.file, f.issues]));
}

test("every document gets the same issues in the same order from every entry", (t) => {
  const tmp = mkdtempSync(join(tmpdir(), "nosana-cross-entry-"));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const docs = documents(tmp);

  const jobReports = new Map();
  const bodyFiles = new Map();
  let multiIssue = 0;
  for (const { file, text, yaml } of docs) {
    const label = basename(file);
    if (yaml) {
      const parsed = parseYaml(text);
      assert.ok(!parsed.issues, `${label}: the YAML does not parse`);
      jobReports.set(file, withoutRanges(full.validateJobDefinition(parsed.value)));
      continue;
    }
    const reference = assertLibraryEntriesAgree(label, text, {
      name: "validateJobDefinition",
      schema: "jobDefinitionStandardSchema",
      entries: [
        ["/job", job],
        ["/editor", editor],
      ],
    });
    jobReports.set(file, reference);
    if (reference.issues.length > 1) multiIssue++;

    const body = asBody(text);
    assertLibraryEntriesAgree(`${label} (in a deployment body)`, body, {
      name: "validateDeployment",
      schema: "deploymentStandardSchema",
      entries: [],
    });
    const bodyFile = join(tmp, `${basename(file, ".json")}.body.json`);
    writeFileSync(bodyFile, body);
    bodyFiles.set(bodyFile, full.validateDeployment(body));
  }
  // Orders were compared, not only empty lists: the fixtures have many issues each.
  assert.ok(multiIssue >= 3, `only ${multiIssue} documents with more than one issue`);

  const cliJobs = cliIssues("job", [...jobReports.keys()]);
  for (const [file, reference] of jobReports) {
    const issues = cliJobs.get(file);
    assert.ok(issues, `${basename(file)}: not in the CLI's report`);
    // YAML: the CLI's ranges point into the YAML text; the issues and their order must match.
    const got = /\.ya?ml$/i.test(file) ? issues.map(({ range, ...issue }) => issue) : issues;
    assert.deepEqual(got, reference.issues, `${basename(file)}: the CLI's issues differ`);
  }
  const cliBodies = cliIssues("deployment", [...bodyFiles.keys()]);
  for (const [file, reference] of bodyFiles) {
    assert.deepEqual(cliBodies.get(file), reference.issues, `${basename(file)}: the CLI's issues differ`);
  }
});
