// Echoed user strings are cut to a documented bound with an ellipsis (cli/echo.mjs): a 1 MB key,
// a 100 KB option or cron expression give readable lines, not megabytes of output. Machine fields
// (`path`, `pointer` in --format json) stay whole.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { MAX_ECHO, MAX_MESSAGE, shorten, shortenMessage } from "../../cli/echo.mjs";
import { cli, cliJson, FIXTURES, tempDir } from "./helpers.mjs";

const MB_KEY = "k".repeat(1024 * 1024);
/** Each line of the human output stays short: a message, a file name, an excerpt window. */
const LINE_BOUND = MAX_MESSAGE + 300;
const longestLine = (text) => Math.max(...text.split("\n").map((l) => l.length));

test("shorten: at most MAX_ECHO characters ending in …; a surrogate pair is never split", () => {
  assert.equal(shorten("short"), "short");
  assert.equal(shorten("x".repeat(MAX_ECHO)), "x".repeat(MAX_ECHO));
  const cut = shorten("x".repeat(MAX_ECHO + 1));
  assert.equal(cut.length, MAX_ECHO);
  assert.ok(cut.endsWith("x…"));
  // An emoji (two UTF-16 units) straddling the cut is dropped whole, not halved; one that fits stays.
  const straddling = shorten(`${"x".repeat(MAX_ECHO - 2)}😀${"y".repeat(10)}`);
  assert.equal(straddling, `${"x".repeat(MAX_ECHO - 2)}…`);
  const fitting = shorten(`${"x".repeat(MAX_ECHO - 3)}😀${"y".repeat(10)}`);
  assert.equal(fitting, `${"x".repeat(MAX_ECHO - 3)}😀…`);
  assert.equal(shortenMessage("a `short` message"), "a `short` message");
  const message = shortenMessage(`unknown key \`${MB_KEY}\` in "job"`);
  assert.equal(message, `unknown key \`${"k".repeat(MAX_ECHO - 1)}…\` in "job"`);
  assert.ok(shortenMessage(`${"word ".repeat(100_000)}`).length <= MAX_MESSAGE);
});

for (const [name, text] of [
  ["job.json", JSON.stringify({ version: "0.1", type: "container", ops: [], [MB_KEY]: 1 })],
  // An explicit key (`? key`): an implicit one may not be longer than 1024 characters in YAML.
  ["job.yaml", `version: "0.1"\ntype: container\nops: []\n? ${MB_KEY}\n: 1\n`],
]) {
  test(`${name}: a 1 MB unknown key is cut in every format; the pointer stays whole in JSON`, (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, name), text);
    const human = cli(["lint", name, "--no-color"], { cwd: dir });
    assert.equal(human.code, 1);
    assert.match(human.stdout, /unknownKey {2}.*k…/);
    assert.ok(longestLine(human.stdout) < LINE_BOUND, `a line of ${longestLine(human.stdout)} characters`);
    assert.ok(human.stdout.length < 10_000, `${human.stdout.length} characters of output`);

    const json = cliJson(["lint", name], { cwd: dir });
    const issue = json.report.files[0].issues.find((i) => i.code === "unknownKey");
    assert.ok(issue.message.length <= MAX_MESSAGE && issue.message.includes("…"), issue.message.slice(0, 300));
    assert.equal(issue.pointer, `/${MB_KEY}`);

    for (const format of ["github", "sarif"]) {
      const run = cli(["lint", name, "--format", format], { cwd: dir });
      assert.equal(run.code, 1, format);
      assert.ok(!run.stdout.includes("k".repeat(MAX_ECHO)) || format === "sarif", format);
      if (format === "github") assert.ok(longestLine(run.stdout) < LINE_BOUND, format);
      if (format === "sarif") {
        const [result] = JSON.parse(run.stdout).runs[0].results.filter((r) => r.ruleId === "unknownKey");
        assert.ok(result.message.text.length <= MAX_MESSAGE + 200, format);
      }
    }
  });
}

test("long option values, unknown options and commands, cron expressions are cut in messages", () => {
  const long = "z".repeat(100_000); // under the 128 KiB a single argument may have on Linux
  for (const args of [
    ["lint", `--${long}`, `${FIXTURES}/jobs/hello.json`],
    [`--${long}`],
    [long],
    [`${long}.json`],
    ["lint", `${FIXTURES}/jobs/hello.json`, "--format", long],
    ["lint", `${FIXTURES}/jobs/hello.json`, "--rule", long],
    ["lint", `${FIXTURES}/jobs/hello.json`, "--rule", `${long}=off`],
    ["lint", `${FIXTURES}/jobs/hello.json`, "--rule", `emptyOps=${long}`],
    ["lint", `${FIXTURES}/jobs/hello.json`, "--max-file-size", long],
    ["lint", `${long}*.json`],
    ["schedule", "* * * * *", "--from", long],
    ["schedule", "* * * * *", "--count", long],
  ]) {
    const run = cli(args);
    const label = args.map((a) => a.slice(0, 30)).join(" ");
    assert.equal(run.code, 2, label);
    assert.match(run.stderr, /z…/, label);
    assert.ok(run.stderr.length < 1000, `${label}: ${run.stderr.length} characters`);
  }
  const expression = `${"1,".repeat(50_000)}1 * * * *`;
  const schedule = cli(["schedule", expression]);
  assert.equal(schedule.code, 1);
  assert.ok(schedule.stdout.length < 2000, `${schedule.stdout.length} characters`);
  assert.match(schedule.stdout, /^✖ "1,1,1,.*…" is not a valid schedule/);
});
