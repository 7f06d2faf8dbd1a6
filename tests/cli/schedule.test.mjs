// `nosana-deployments schedule "<cron>"`: the description, the next fire times in UTC, or why not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { cli } from "./helpers.mjs";

test("a valid schedule: its description and the next N fire times in UTC", () => {
  const run = cli(["schedule", "0 3 * * *", "--count", "3", "--from", "2026-01-01T00:00:00Z"]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "✔ 0 3 * * *");
  assert.ok(lines[1].trim().length > 0);
  const times = lines.slice(-3).map((l) => l.trim());
  assert.deepEqual(
    times.map((t) => new Date(t).toISOString()),
    ["2026-01-01T03:00:00.000Z", "2026-01-02T03:00:00.000Z", "2026-01-03T03:00:00.000Z"],
  );
  assert.ok(
    times.every((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/.test(t)),
    times.join(),
  );
});

test("--format json: expression, valid, description, next", () => {
  const run = cli(["schedule", "*/15 * * * *", "-n", "2", "--from", "2026-01-01T00:01:00Z", "--format", "json"]);
  assert.equal(run.code, 0);
  const doc = JSON.parse(run.stdout);
  assert.equal(doc.valid, true);
  assert.equal(typeof doc.description, "string");
  assert.deepEqual(
    doc.next.map((t) => new Date(t).toISOString()),
    ["2026-01-01T00:15:00.000Z", "2026-01-01T00:30:00.000Z"],
  );
});

test("an invalid schedule: exit 1 and the reason", () => {
  for (const expression of ["61 * * * *", "* * * *", "@daily"]) {
    const run = cli(["schedule", expression]);
    assert.equal(run.code, 1, expression);
    assert.match(run.stdout, /is not a valid schedule\n {2}error {2}\S+ {2}\S/, expression);
    const json = JSON.parse(cli(["schedule", expression, "--format", "json"]).stdout);
    assert.equal(json.valid, false);
    assert.ok(json.issues.some((i) => i.severity === "error"));
  }
});

test("usage problems exit 2", () => {
  for (const [args, message] of [
    [["schedule"], /no schedule given/],
    [["schedule", "0", "3", "*", "*", "*"], /quote it/],
    [["schedule", "0 3 * * *", "--count", "0"], /--count must be a whole number/],
    [["schedule", "0 3 * * *", "--from", "yesterday"], /--from must be an ISO-8601/],
    [["schedule", "0 3 * * *", "--format", "github"], /--format must be one of human, json/],
  ]) {
    const run = cli(args);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, message);
  }
});
