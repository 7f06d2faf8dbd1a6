// Every mistake a user can make on the command line is a message and exit 2, never "internal
// error" and a stack trace. One test per class of error path in cli/ (args.mjs, index.mjs,
// lint.mjs, rules.mjs, schedule.mjs, instant.mjs), each with the inputs that used to crash.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseInstant } from "../../cli/instant.mjs";
import { cli, FIXTURES } from "./helpers.mjs";

const HELLO = `${FIXTURES}/jobs/hello.json`;

/** Runs each case; each must exit 2 with one `nosana-deployments: …` message matching its pattern. */
function assertUsageErrors(cases) {
  for (const [args, pattern] of cases) {
    const run = cli(args);
    const label = args.join(" ").slice(0, 120);
    assert.equal(run.code, 2, `${label}\n${run.stderr}`);
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, label);
    assert.match(run.stderr, /^nosana-deployments: /, label);
    assert.match(run.stderr, pattern, label);
    assert.equal(run.stdout, "", label);
  }
}

test("schedule --from: out of the Date range, garbage, impossible dates → a message naming why", () => {
  const range =
    /outside the range of JavaScript dates \(-271821-04-20T00:00:00\.000Z to \+275760-09-13T00:00:00\.000Z\)/;
  assertUsageErrors([
    [["schedule", "0 3 * * *", "--from", "275760-09-14"], /got '275760-09-14': a year of more than 4 digits/],
    [["schedule", "0 3 * * *", "--from", "+275760-09-14"], range],
    [["schedule", "0 3 * * *", "--from", "+275760-09-13T00:00:00.001Z"], range],
    [["schedule", "0 3 * * *", "--from", "-300000-01-01"], range],
    [["schedule", "0 3 * * *", "--from=-271821-04-19T23:59:59Z"], range],
    [["schedule", "0 3 * * *", "--from", "garbage"], /got 'garbage': not an ISO-8601 date/],
    [["schedule", "0 3 * * *", "--from", "0"], /got '0': not an ISO-8601 date/], // Date.parse: the year 2000
    [["schedule", "0 3 * * *", "--from", "Feb 30 2026"], /not an ISO-8601 date/], // Date.parse: March 2
    [["schedule", "0 3 * * *", "--from", "2026-02-30"], /February 2026 has no day 30/],
    [["schedule", "0 3 * * *", "--from", "2026-13-01"], /there is no month 13/],
    [["schedule", "0 3 * * *", "--from", "2026-01-01T24:00Z"], /24:00 is not a time of day/],
    [["schedule", "0 3 * * *", "--from", "2026-01-01T00:00+24:00"], /\+24:00 is not a time zone offset/],
    [["schedule", "0 3 * * *", "--from", "-000000-01-01"], /-000000 is not allowed/],
    [["schedule", "0 3 * * *", "--from", ""], /not an ISO-8601 date/],
  ]);
});

test("schedule: a valid --from whose fire times run past the end of the Date range → a message, exit 2", () => {
  assertUsageErrors([
    [
      ["schedule", "0 3 * * *", "--from", "+275760-09-13T00:00:00Z"],
      /cannot list 5 fire times after \+275760-09-13T00:00:00\.000Z: fire times beyond the JavaScript Date range/,
    ],
    [["schedule", "0 3 * * *", "-n", "2", "--from", "+275760-09-12T00:00:00Z", "--format", "json"], /cannot list 2/],
  ]);
  // The earliest instant works, and the first fire time after the last one that fits is listed.
  const early = cli(["schedule", "0 3 * * *", "-n", "1", "--from", "-271821-04-20T00:00:00Z", "--format", "json"]);
  assert.equal(early.code, 0, early.stderr);
  assert.deepEqual(JSON.parse(early.stdout).next, ["-271821-04-20T03:00:00.000Z"]);
  const late = cli(["schedule", "0 3 * * *", "-n", "1", "--from", "+275760-09-12T00:00:00Z", "--format", "json"]);
  assert.deepEqual(JSON.parse(late.stdout).next, ["+275760-09-12T03:00:00.000Z"]);
});

test("schedule --from: dates, times and offsets as ISO-8601 writes them; no offset means UTC", () => {
  for (const [text, iso] of [
    ["2026-01-01", "2026-01-01T00:00:00.000Z"],
    ["2026-01-01T09:30", "2026-01-01T09:30:00.000Z"],
    ["2026-01-01 09:30:15", "2026-01-01T09:30:15.000Z"],
    ["2026-01-01t09:30:15.1234z", "2026-01-01T09:30:15.123Z"],
    ["2026-01-01T09:30:00+02:00", "2026-01-01T07:30:00.000Z"],
    ["2026-01-01T09:30:00-0130", "2026-01-01T11:00:00.000Z"],
    ["2024-02-29T00:00Z", "2024-02-29T00:00:00.000Z"],
    ["0000-01-01", "0000-01-01T00:00:00.000Z"],
    ["+275760-09-13T00:00:00Z", "+275760-09-13T00:00:00.000Z"],
  ]) {
    const { ms, reason } = parseInstant(text);
    assert.equal(reason, undefined, text);
    assert.equal(new Date(ms).toISOString(), iso, text);
  }
  const run = cli(["schedule", "0 3 * * *", "-n", "1", "--from", "2026-01-01T02:59:59"]);
  assert.match(run.stdout, /after 2026-01-01T02:59:59\.000Z:\n {4}2026-01-01T03:00:00\.000Z\n$/);
});

test("unknown options and commands, missing or unwanted values → messages", () => {
  assertUsageErrors([
    [["lint", "--nope", HELLO], /unknown option '--nope'/],
    [["lint", "-z", HELLO], /unknown option '-z'/],
    [["schedule", "* * * * *", "--from-now"], /unknown option '--from-now'/],
    [["--nope"], /unknown option '--nope' \(options go after the command/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["job.json"], /did you mean: nosana-deployments lint job\.json\?/],
    [["lint", HELLO, "--format"], /option '--format' needs a value/],
    [["lint", HELLO, "-qf"], /option '--format' needs a value/],
    [["lint", HELLO, "--quiet=yes"], /option '--quiet' takes no value/],
    [["lint", HELLO, "--no-color=1"], /option '--no-color' takes no value/],
    [["lint", HELLO, "--no-quiet"], /unknown option '--no-quiet'/],
    [["lint", HELLO, "--__proto__"], /unknown option '--__proto__'/],
    [["lint"], /no files given/],
    [["schedule"], /no schedule given/],
    [["schedule", "0", "3", "*", "*", "*"], /quote it/],
  ]);
});

test("bad counts and sizes → messages with the allowed range", () => {
  assertUsageErrors([
    ...["0", "1001", "1.5", "-1", "1e3", "", "99999999999999999999", "0x10", " 5"].map((n) => [
      ["schedule", "0 3 * * *", "--count", n],
      /--count must be a whole number from 1 to 1000/,
    ]),
    ...["-1", "x", "1.0", "99999999999999999999"].map((n) => [
      ["lint", HELLO, "--max-warnings", n],
      /--max-warnings must be a whole number from 0 up/,
    ]),
    ...["0", "1GiB", "ten", "5 parsecs"].map((n) => [
      ["lint", HELLO, "--max-file-size", n],
      /--max-file-size must be a size from 1 byte to 256 MiB/,
    ]),
  ]);
});

test("bad choices, rules and option combinations → messages", () => {
  assertUsageErrors([
    [["lint", HELLO, "--format", "xml"], /--format must be one of human, json, github, sarif, got 'xml'/],
    [["schedule", "* * * * *", "--format", "sarif"], /--format must be one of human, json, got 'sarif'/],
    [["lint", HELLO, "--kind", "cron"], /--kind must be one of auto, job, deployment/],
    [["lint", HELLO, "--rule", "nope"], /--rule takes CODE=off\|warning\|error, got 'nope'/],
    [["lint", HELLO, "--rule", "emptyOps=loud"], /level must be off, warning or error, got 'loud'/],
    [["lint", HELLO, "--rule", "emptyops=off"], /unknown rule code 'emptyops' \(did you mean 'emptyOps'\?\)/],
    [["lint", HELLO, "--fix", "--fix-dry-run"], /exclude each other/],
    [["lint", "--fix", "-"], /cannot write stdin back/],
    [["lint", HELLO, "--fix-dry-run", "--format", "json"], /takes no --format/],
  ]);
});
