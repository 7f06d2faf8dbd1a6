// `lint --format sarif`: a SARIF 2.1.0 log that the official schema accepts, with one result per
// issue of the JSON report, at the same place, and the same exit code.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { artifactLocation } from "../../cli/sarif.mjs";
import { cli, cliJson, FIXTURES, lib, ROOT, tempDir } from "./helpers.mjs";

// tests/fixtures/sarif/README.md says where the schema comes from.
const schema = JSON.parse(readFileSync(join(ROOT, "tests/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"));
// unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-Unicode regexps accept.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const FILES = [
  `${FIXTURES}/broken/invalid-json.json`,
  `${FIXTURES}/broken/missing-ops.json`,
  `${FIXTURES}/broken/wrong-version.yaml`,
  `${FIXTURES}/deployments/create-bad-fields.json`,
  `${FIXTURES}/jobs/hello.json`,
];

function sarif(args) {
  const run = cli(["lint", ...args, "--format", "sarif"]);
  return { ...run, log: JSON.parse(run.stdout) };
}

function assertValid(log) {
  const ok = validateSarif(log);
  assert.ok(ok, `SARIF schema errors: ${JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2)}`);
}

test("the schema validator is not a pushover: it rejects a log without runs and a result without a message", () => {
  assert.equal(validateSarif({ version: "2.1.0" }), false);
  const broken = sarif([FILES[1]]).log;
  delete broken.runs[0].results[0].message;
  assert.equal(validateSarif(broken), false);
});

test("a log of files with errors, warnings, YAML and a clean file is valid SARIF 2.1.0", () => {
  const { code, log } = sarif(FILES);
  assertValid(log);
  assert.equal(log.version, "2.1.0");
  assert.equal(code, cliJson(["lint", ...FILES]).code, "the same exit code as the other formats");
});

test("one result per issue of the JSON report, with its rule, level, message and region", () => {
  const { log } = sarif(FILES);
  const { report } = cliJson(["lint", ...FILES]);
  const [run] = log.runs;
  const expected = report.files.flatMap((f) => f.issues.map((issue) => ({ file: f.file, issue })));
  assert.ok(expected.length >= 4, "the fixtures have issues to report");
  assert.equal(run.results.length, expected.length);
  for (const [i, { file, issue }] of expected.entries()) {
    const result = run.results[i];
    assert.equal(result.ruleId, issue.code);
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, issue.code, "ruleIndex points at the rule");
    assert.equal(result.level, issue.severity);
    assert.ok(result.message.text.startsWith(issue.message));
    if (issue.hint) assert.ok(result.message.text.includes(issue.hint));
    const { artifactLocation: where, region } = result.locations[0].physicalLocation;
    assert.equal(where.uri, file);
    assert.equal(where.uriBaseId, "%SRCROOT%");
    if (issue.range) {
      assert.deepEqual(region, {
        startLine: issue.range.start.line,
        startColumn: issue.range.start.column,
        endLine: issue.range.end.line,
        endColumn: issue.range.end.column,
      });
    }
  }
});

test("every rule of --list-rules is in the driver, with its default level", () => {
  const rules = JSON.parse(cli(["lint", "--list-rules", "--format", "json"]).stdout);
  const { log } = sarif([FILES[4]]);
  assert.deepEqual(
    log.runs[0].tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level]),
    rules.map((r) => [r.code, r.severity]),
  );
  assert.deepEqual(log.runs[0].results, []);
  assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
});

test("a file that cannot be read is a tool execution notification, and the log is still valid", () => {
  const { code, log } = sarif([`${FIXTURES}/no-such-file.json`, FILES[4]]);
  assertValid(log);
  assert.equal(code, 2);
  const [invocation] = log.runs[0].invocations;
  assert.equal(invocation.executionSuccessful, false);
  assert.equal(invocation.toolExecutionNotifications.length, 1);
  assert.match(invocation.toolExecutionNotifications[0].message.text, /no-such-file\.json/);
});

test("artifact locations: relative paths as URI references, backslashes and spaces handled, absolute paths as file URIs", () => {
  assert.deepEqual(artifactLocation("jobs/web job.json"), { uri: "jobs/web%20job.json", uriBaseId: "%SRCROOT%" });
  assert.deepEqual(artifactLocation(".\\jobs\\a.json"), { uri: "jobs/a.json", uriBaseId: "%SRCROOT%" });
  assert.equal(artifactLocation("/srv/jobs/a.json").uri, "file:///srv/jobs/a.json");
});

test("--quiet leaves warnings out of the results", () => {
  const file = `${FIXTURES}/deployments/confidential-unset.json`;
  const all = sarif([file]).log.runs[0].results;
  const quiet = sarif([file, "--quiet"]).log.runs[0].results;
  assert.ok(
    all.some((r) => r.level === "warning"),
    "the fixture has a warning",
  );
  assert.deepEqual(
    quiet,
    all.filter((r) => r.level === "error"),
  );
});

test("a JSON file's quick fixes are SARIF fixes: replacements of the issue's edits, still a valid log", (t) => {
  const dir = tempDir(t);
  const text = readFileSync(join(ROOT, FIXTURES, "jobs/hello.json"), "utf8").replace(/"image"/, '"imgae"');
  const file = join(dir, "typo.json");
  writeFileSync(file, text);
  const issue = lib.validateJobDefinition(text, { warnings: true }).issues.find((i) => i.code === "unknownKey");
  assert.ok(issue?.fixes.length > 0, "the fixture has a fixable issue");
  const { log } = sarif([file]);
  assertValid(log);
  const result = log.runs[0].results.find((r) => r.ruleId === "unknownKey");
  assert.equal(result.fixes.length, issue.fixes.length);
  const [fix] = result.fixes;
  assert.equal(fix.description.text, issue.fixes[0].title);
  const [change] = fix.artifactChanges;
  assert.equal(change.artifactLocation.uri, `file://${file}`);
  assert.deepEqual(
    change.replacements.map((r) => [
      r.deletedRegion.startLine,
      r.deletedRegion.startColumn,
      r.deletedRegion.endLine,
      r.deletedRegion.endColumn,
      r.insertedContent.text,
    ]),
    issue.fixes[0].edits.map((e) => [
      e.range.start.line,
      e.range.start.column,
      e.range.end.line,
      e.range.end.column,
      e.newText,
    ]),
  );
});
