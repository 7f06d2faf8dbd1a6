// `nosana-deployments lint`: output formats, exit codes and the flags that change them.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { requireFunction } from "../../cli/library.mjs";
import { annotation, codeFrame, palette } from "../../cli/report.mjs";
import { LineIndex } from "../../cli/source.mjs";
import { cli, cliJson, FIXTURES, lib, ROOT, tempDir } from "./helpers.mjs";

const HELLO = `${FIXTURES}/jobs/hello.json`;
const INVALID_JSON = `${FIXTURES}/broken/invalid-json.json`;
const BAD_YAML = `${FIXTURES}/broken/bad-syntax.yaml`;

test("a valid job definition: exit 0 and the no-problems summary", () => {
  const run = cli(["lint", HELLO]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "✔ 1 file, no problems\n");
  assert.equal(run.stderr, "");
});

test("invalid JSON: exit 1, one line per issue starting with the file, and the summary", () => {
  const run = cli(["lint", INVALID_JSON, HELLO]);
  assert.equal(run.code, 1);
  const [first] = run.stdout.split("\n");
  assert.match(first, new RegExp(`^${INVALID_JSON}(:\\d+:\\d+)?  error  invalidJson  \\S`));
  assert.match(run.stdout, /✖ 1 error in 1 of 2 files\n$/);
});

test("human format: file:line:column, then the source line with a caret under the column", () => {
  const run = cli(["lint", INVALID_JSON]);
  assert.equal(run.code, 1);
  assert.equal(
    run.stdout,
    `${INVALID_JSON}:4:11  error  invalidJson  ${lib.validateJobDefinition(readFileSync(INVALID_JSON, "utf8")).issues[0].message}
  4 |   "ops": [,]
    |           ^

✖ 1 error in 1 file
`,
  );
});

test("human format: hint, underline of the range, issues sorted by position within the file", () => {
  const run = cli(["lint", `${FIXTURES}/broken/wrong-version.json`, `${FIXTURES}/broken/missing-ops.json`]);
  assert.equal(run.code, 1);
  assert.equal(
    run.stdout,
    `${FIXTURES}/broken/wrong-version.json:2:14  error  invalidVersion  "version" must be "0.1", not "0.2"
  hint: 0.1 is the only job definition version Nosana accepts.
  2 |   "version": "0.2",
    |              ^^^^^

${FIXTURES}/broken/missing-ops.json:1:1  error  missingField  "ops" is required in the job definition
  1 | {
    | ^

✖ 2 errors in 2 files
`,
  );
});

test("human format on YAML: the caret sits under the reported column", () => {
  const run = cli(["lint", BAD_YAML]);
  assert.equal(run.code, 1);
  const lines = run.stdout.split("\n");
  const head = lines[0].match(/^(.+):(\d+):(\d+) {2}error {2}invalidYaml {2}\S/);
  assert.ok(head, lines[0]);
  assert.equal(head[1], BAD_YAML);
  assert.equal(head[2], "6");
  const source = lines[1];
  const caret = lines[2];
  assert.match(source, /^ +6 \| {5}args: \{ image: ubuntu/);
  const textStart = source.indexOf("| ") + 2;
  assert.equal(caret.indexOf("^") - textStart, Number(head[3]) - 1, `${source}\n${caret}`);
});

test("json format: one document with files, issues and counts", () => {
  const run = cliJson(["lint", INVALID_JSON, HELLO, BAD_YAML]);
  assert.equal(run.code, 1);
  const { report } = run;
  assert.equal(report.version, lib.version());
  assert.deepEqual(
    report.files.map((f) => [f.file, f.language, f.kind, f.errorCount]),
    [
      [INVALID_JSON, "json", "job", 1],
      [HELLO, "json", "job", 0],
      [BAD_YAML, "yaml", "job", 2],
    ],
  );
  assert.deepEqual(
    report.files[2].issues.map((i) => i.code),
    ["invalidYaml", "invalidYaml"],
  );
  assert.equal(report.files[0].issues[0].code, "invalidJson");
  assert.deepEqual(report.counts, { files: 3, filesWithProblems: 2, errors: 3, warnings: 0, unreadable: 0 });
  assert.equal(report.exitCode, 1);
  assert.equal(report.files[2].issues[0].range.start.line, 6);
});

test("github format: workflow commands with file, line, col and title", () => {
  const run = cli(["lint", "--format", "github", BAD_YAML, HELLO]);
  assert.equal(run.code, 1);
  const lines = run.stdout.trim().split("\n");
  assert.match(
    lines[0],
    new RegExp(`^::error file=${BAD_YAML},line=6,col=\\d+(,endLine=6,endColumn=\\d+)?,title=invalidYaml::\\S`),
  );
  assert.match(lines.at(-1), /^✖ \d+ errors? in 1 of 2 files$/);
  assert.ok(lines.slice(0, -1).every((l) => l.startsWith("::error ")));
});

test("github format escapes %, CR, LF in messages and also : and , in properties", (t) => {
  assert.equal(
    annotation("error", { file: "a:b,c%.json", line: 1, title: "x" }, "50% done\r\nnext: a, b"),
    "::error file=a%3Ab%2Cc%25.json,line=1,title=x::50%25 done%0D%0Anext: a, b",
  );
  const dir = tempDir(t);
  writeFileSync(join(dir, "odd, name: 100%.json"), "{ nope");
  const run = cli(["lint", "--format", "github", "odd, name: 100%.json"], { cwd: dir });
  assert.equal(run.code, 1);
  assert.match(
    run.stdout,
    /^::error file=odd%2C name%3A 100%25\.json(,line=\d+,col=\d+)?(,endLine=\d+,endColumn=\d+)?,title=invalidJson::/,
  );
});

test("--rule CODE=off drops the rule, =warning downgrades it", () => {
  const off = cli(["lint", "--rule", "invalidJson=off", INVALID_JSON]);
  assert.equal(off.code, 0, off.stdout);
  assert.equal(off.stdout, "✔ 1 file, no problems\n");
  const warning = cli(["lint", "--rule=invalidJson=warning", INVALID_JSON]);
  assert.equal(warning.code, 0, warning.stdout);
  assert.match(warning.stdout, / {2}warning {2}invalidJson {2}/);
  assert.match(warning.stdout, /⚠ 1 warning in 1 file\n$/);
  const yaml = cli(["lint", "--rule", "invalidYaml=off", BAD_YAML]);
  assert.equal(yaml.code, 0);
});

test("--rule with an unknown code or a bad level: exit 2, pointing at --list-rules", () => {
  const unknown = cli(["lint", "--rule", "noSuchRule=off", HELLO]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown rule code 'noSuchRule'.*--list-rules/);
  const near = cli(["lint", "--rule", "invalidjson=off", HELLO]);
  assert.match(near.stderr, /did you mean 'invalidJson'/);
  assert.equal(cli(["lint", "--rule", "invalidJson=loud", HELLO]).code, 2);
  assert.equal(cli(["lint", "--rule", "invalidJson", HELLO]).code, 2);
});

test("--max-warnings: exit 1 only when the warnings exceed N", () => {
  const args = ["lint", "--rule", "invalidJson=warning", INVALID_JSON, BAD_YAML, "--rule", "invalidYaml=warning"];
  const warnings = cliJson(args).report.counts.warnings;
  assert.ok(warnings >= 2);
  assert.equal(cli([...args, "--max-warnings", String(warnings)]).code, 0);
  const over = cli([...args, "--max-warnings", String(warnings - 1)]);
  assert.equal(over.code, 1);
  assert.match(over.stdout, new RegExp(`✖ ${warnings} warnings, more than --max-warnings ${warnings - 1}\\n$`));
  assert.equal(cli([...args, "--max-warnings", "-1"]).code, 2);
});

test("--no-warnings drops warnings; --quiet prints errors only", () => {
  const noWarnings = cliJson(["lint", "--rule", "invalidJson=warning", "--no-warnings", INVALID_JSON]);
  assert.equal(noWarnings.code, 0);
  assert.equal(noWarnings.report.counts.warnings, 0);
  const quiet = cli(["lint", "--quiet", "--rule", "invalidJson=warning", INVALID_JSON, BAD_YAML]);
  assert.equal(quiet.code, 1);
  assert.doesNotMatch(quiet.stdout, /warning/);
  assert.match(quiet.stdout, /invalidYaml/);
  assert.match(quiet.stdout, /✖ \d+ errors? in 1 of 2 files\n$/);
});

test("--list-rules: every code with severity and description, as text or JSON", () => {
  const codes = lib.listRules().map((r) => r.code);
  const text = cli(["--list-rules"]);
  assert.equal(text.code, 0);
  for (const rule of lib.listRules())
    assert.match(text.stdout, new RegExp(`^${rule.code} +${rule.severity} +\\S`, "m"));
  const json = cli(["lint", "--list-rules", "--format", "json"]);
  const listed = JSON.parse(json.stdout);
  assert.deepEqual(
    listed.map((r) => r.code),
    [...codes, "invalidYaml"],
  );
  assert.ok(listed.every((r) => ["error", "warning"].includes(r.severity) && r.description));
});

test("--help and --version", () => {
  const help = cli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /lint .*\n.*schedule/s);
  assert.match(cli(["lint", "--help"]).stdout, /--max-warnings/);
  assert.match(cli(["schedule", "-h"]).stdout, /--count/);
  assert.equal(cli(["--version"]).stdout, `${lib.version()}\n`);
});

test("short options: alone, grouped (-qf github) or with the value attached (-fgithub)", () => {
  const files = ["--rule", "invalidJson=warning", INVALID_JSON, BAD_YAML];
  // Without -q the github format shows the warning: the runs below would show it too if -q were lost.
  assert.match(cli(["lint", "-f", "github", ...files]).stdout, /^::warning /m);
  for (const args of [
    ["-q", "-f", "github"],
    ["-qf", "github"],
    ["-q", "-fgithub"],
  ]) {
    const run = cli(["lint", ...args, ...files]);
    assert.equal(run.code, 1, args.join(" "));
    assert.match(run.stdout, /^::error .*title=invalidYaml::/m, args.join(" "));
    assert.doesNotMatch(run.stdout, /^::warning /m, args.join(" "));
  }
});

test("option errors name the option as written", () => {
  for (const [args, message] of [
    [["--frobnicate=1"], "unknown option '--frobnicate'"],
    [["-x"], "unknown option '-x'"],
    [["-qx"], "unknown option '-qx'"],
    [["--quiet=yes"], "option '--quiet' takes no value"],
    [["--no-warnings=1"], "option '--no-warnings' takes no value"],
    [["--no-quiet"], "unknown option '--no-quiet'"],
    [["--format"], "option '--format' needs a value"],
    [["-f"], "option '--format' needs a value"],
  ]) {
    const run = cli(["lint", HELLO, ...args]);
    assert.equal(run.code, 2, args.join(" "));
    assert.equal(run.stderr, `nosana-deployments: ${message}\nRun 'nosana-deployments --help' for usage.\n`);
  }
  // After `--` everything is a file, and a value may start with a dash.
  assert.match(cli(["lint", "--", "--quiet"]).stderr, /^--quiet: cannot lint: no such file or directory/m);
  assert.equal(cli(["lint", "--stdin-filename", "-x.json", "-"], { input: readFileSync(HELLO) }).code, 0);
});

test("usage problems exit 2 with a message on stderr", () => {
  for (const args of [
    ["lint", "--frobnicate", HELLO],
    ["lint"],
    ["lint", "--format", "xml", HELLO],
    ["lint", "--kind", "pipeline", HELLO],
    ["lint", "--max-warnings", "many", HELLO],
    ["lint", "--format"],
    ["frobnicate"],
    [HELLO],
  ]) {
    const run = cli(args);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, /^nosana-deployments: .+\nRun 'nosana-deployments --help' for usage\.\n$/, args.join(" "));
    assert.equal(run.stdout, "");
  }
  assert.match(cli([HELLO]).stderr, /did you mean: nosana-deployments lint/);
  const bare = cli([]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /^Usage: nosana-deployments <command>/);
});

test("exit code 2 wins over 1: a missing file, and the other files are still linted", () => {
  const run = cli(["lint", INVALID_JSON, `${FIXTURES}/no-such-file.json`, HELLO]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no-such-file\.json: cannot lint: no such file or directory/);
  assert.match(run.stdout, /invalidJson/);
  assert.match(run.stdout, /✖ 1 error in 1 of 2 files; 1 file could not be linted\n$/);
  const json = cliJson(["lint", `${FIXTURES}/no-such-file.json`, HELLO]);
  assert.equal(json.code, 2);
  assert.deepEqual(json.report.files[0], { file: `${FIXTURES}/no-such-file.json`, error: "no such file or directory" });
  assert.equal(json.report.counts.unreadable, 1);
});

test("colour: off through a pipe, --color forces it, --no-color and NO_COLOR turn it off", () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for ANSI escapes.
  const ansi = /\x1b\[/;
  assert.doesNotMatch(cli(["lint", INVALID_JSON]).stdout, ansi);
  assert.match(cli(["lint", "--color", INVALID_JSON]).stdout, ansi);
  assert.match(cli(["lint", "--color", INVALID_JSON], { env: { NO_COLOR: "1" } }).stdout, ansi);
  assert.doesNotMatch(cli(["lint", "--color", "--no-color", INVALID_JSON]).stdout, ansi);
});

test("documents that are certainly wrong under the spec: exact codes, exit 1, in every format", () => {
  for (const [file, code, line, column] of [
    ["missing-ops.json", "missingField", 1, 1],
    ["wrong-version.json", "invalidVersion", 2, 14],
    ["wrong-version.yaml", "invalidVersion", 1, 10],
  ]) {
    const path = `${FIXTURES}/broken/${file}`;
    const run = cliJson(["lint", path]);
    assert.equal(run.code, 1, file);
    assert.deepEqual(
      run.report.files[0].issues.map((i) => [i.code, i.range.start.line, i.range.start.column]),
      [[code, line, column]],
      file,
    );
    assert.equal(cli(["lint", path]).code, 1);
    assert.match(
      cli(["lint", "--format", "github", path]).stdout,
      new RegExp(`^::error file=${path},line=${line},col=${column},.*title=${code}::`),
    );
  }
});

test("YAML: issues point at the value, at the key for unknown keys, at the object's key for missing ones, as the library does for JSON", (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, "job.yaml"),
    'version: "0.1"\ntype: container\nbogus: 1\nops:\n  - type: container/run\n    id: a b\n    args:\n      image: ubuntu\n      expose: 70000\n  - type: container/run\n    id: web\n    args: {}\n',
  );
  const run = cliJson(["lint", "job.yaml"], { cwd: dir });
  assert.equal(run.code, 1);
  const got = run.report.files[0].issues.map((i) => [
    i.code,
    i.range.start.line,
    i.range.start.column,
    i.range.end.column,
  ]);
  assert.deepEqual(got, [
    ["unknownKey", 3, 1, 6],
    ["invalidOpId", 6, 9, 12],
    ["portOutOfRange", 9, 15, 20],
    ["missingField", 12, 5, 9],
  ]);
});

test("a deployment file is recognised by its job_definition key", () => {
  const ok = cliJson(["lint", `${FIXTURES}/deployments/create.json`, `${FIXTURES}/deployments/scheduled.yaml`]);
  assert.equal(ok.code, 0, JSON.stringify(ok.report.files));
  assert.deepEqual(
    ok.report.files.map((f) => f.kind),
    ["deployment", "deployment"],
  );
  assert.deepEqual(
    ok.report.files.map((f) => f.issues),
    [[], []],
  );
  const asJob = cliJson(["lint", "--kind", "job", `${FIXTURES}/deployments/create.json`]);
  assert.equal(asJob.report.files[0].kind, "job");
});

test("deployment body problems: exact codes, with the YAML line of the field", () => {
  const run = cliJson([
    "lint",
    `${FIXTURES}/deployments/create-bad-fields.json`,
    `${FIXTURES}/deployments/scheduled-bad.yaml`,
  ]);
  assert.equal(run.code, 1);
  const [json, yaml] = run.report.files;
  assert.deepEqual(
    json.issues.map((i) => [i.code, i.pointer]),
    [
      ["replicasOutOfRange", "/replicas"],
      ["invalidStrategy", "/strategy"],
    ],
  );
  assert.deepEqual(
    json.issues.map((i) => [i.range.start.line, i.range.start.column]),
    [
      [4, 15],
      [6, 15],
    ],
  );
  assert.deepEqual(
    yaml.issues.map((i) => [i.code, i.pointer, i.range.start.line, i.range.start.column]),
    [["invalidCron", "/schedule", 6, 11]],
  );
  const github = cli(["lint", "--format", "github", `${FIXTURES}/deployments/scheduled-bad.yaml`]);
  assert.match(
    github.stdout,
    /^::error file=tests\/fixtures\/cli\/deployments\/scheduled-bad\.yaml,line=6,col=11,endLine=6,endColumn=22,title=invalidCron::minute 61/,
  );
});

test("a deployment whose job definition misses ops: issues under job_definition", () => {
  const run = cliJson(["lint", `${FIXTURES}/deployments/create-missing-ops.json`]);
  assert.equal(run.code, 1);
  assert.deepEqual(
    run.report.files[0].issues.map((i) => [i.code, i.pointer, i.range.start.line]),
    [["missingField", "/job_definition/ops", 8]],
  );
});

test("a library build without a function: a clear message naming it (the guard)", () => {
  const old = { version: () => "0.0.1", validateJobDefinition: lib.validateJobDefinition };
  assert.throws(() => requireFunction(old, "validateDeployment", "check deployment files"), {
    name: "LibraryError",
    message:
      "this build of nosana-deployments (0.0.1) has no validateDeployment(), needed to check deployment files; update the package",
  });
  assert.equal(requireFunction(old, "validateJobDefinition", "x"), lib.validateJobDefinition);
});

test("code frame: tabs are kept so the caret lines up; long lines are windowed around the column", () => {
  const plain = palette(false);
  const mark = (s) => s;
  const lines = new LineIndex('{\n\t"a":\t1x\n}');
  const at = (line, column, endColumn = column + 1) => ({
    start: { line, column, offset: 0 },
    end: { line, column: endColumn, offset: 0 },
  });
  assert.deepEqual(codeFrame(lines, at(2, 7), plain, mark), ['  2 | \t"a":\t1x', "    | \t    \t^"]);
  assert.deepEqual(codeFrame(lines, at(2, 2, 5), plain, mark), ['  2 | \t"a":\t1x', "    | \t^^^"]);
  const long = new LineIndex(`${"x".repeat(1000)}Y${"x".repeat(1000)}`);
  const [source, caret] = codeFrame(long, at(1, 1001), plain, mark);
  assert.ok(source.length < 200 && source.includes("…xxx") && source.endsWith("x…"), source);
  assert.equal(caret.indexOf("^"), source.indexOf("Y"));
});

test("cli/index.mjs runs as an executable through its #!/usr/bin/env node line", () => {
  const run = spawnSync(join(ROOT, "cli", "index.mjs"), ["--version"], { encoding: "utf8" });
  assert.equal(run.stdout, `${lib.version()}\n`, run.stderr);
});

test("a real warning (confidentialUnset): exit 0, --max-warnings 0 → 1, --rule …=error → 1, --no-warnings hides it", () => {
  const file = `${FIXTURES}/deployments/confidential-unset.json`;
  const plain = cli(["lint", file]);
  assert.equal(plain.code, 0);
  assert.match(plain.stdout, / {2}warning {2}confidentialUnset {2}.*\n {2}hint: \S/);
  assert.match(plain.stdout, /⚠ 1 warning in 1 file\n$/);
  assert.equal(cli(["lint", "--max-warnings", "0", file]).code, 1);
  assert.equal(cli(["lint", "--max-warnings", "1", file]).code, 0);
  const raised = cli(["lint", "--rule", "confidentialUnset=error", "--no-warnings", file]);
  assert.equal(raised.code, 1);
  assert.match(raised.stdout, / {2}error {2}confidentialUnset {2}/);
  assert.equal(cli(["lint", "--no-warnings", file]).stdout, "✔ 1 file, no problems\n");
  assert.match(
    cli(["lint", "--format", "github", file]).stdout,
    /^::warning file=[^:]+,title=confidentialUnset::.*%0Ahint: /,
  );
});
