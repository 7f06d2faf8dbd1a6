// What `lint` reads: YAML, stdin, directories, globs, and files it must refuse (binary, huge,
// invalid UTF-8, unreadable) without giving up on the others.
import assert from "node:assert/strict";
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readFileSync, symlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cli, cliJson, FIXTURES, tempDir } from "./helpers.mjs";

const HELLO = readFileSync(`${FIXTURES}/jobs/hello.json`);
const files = (report) => report.files.map((f) => f.file);

test("YAML job definitions are parsed and validated", () => {
  const run = cliJson(["lint", `${FIXTURES}/jobs/hello.yaml`]);
  assert.equal(run.code, 0, run.stdout);
  assert.equal(run.report.files[0].language, "yaml");
  assert.equal(run.report.files[0].issues.length, 0);
});

test("a YAML syntax error is an invalidYaml issue with line and column", () => {
  const run = cliJson(["lint", `${FIXTURES}/broken/bad-syntax.yaml`]);
  assert.equal(run.code, 1);
  const [issue] = run.report.files[0].issues;
  assert.equal(issue.code, "invalidYaml");
  assert.equal(issue.severity, "error");
  assert.equal(issue.range.start.line, 6);
  assert.ok(issue.range.start.column > 1);
  assert.doesNotMatch(issue.message, /\n/);
});

test("YAML: duplicate keys and alias bombs are reported, not crashed on", (t) => {
  const dir = tempDir(t);
  writeText(join(dir, "dup.yaml"), 'version: "0.1"\nversion: "0.1"\ntype: container\nops: []\n');
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `${"b".repeat(i)}: &${"b".repeat(i)} [${Array(10)
        .fill(i === 1 ? "*a" : `*${"b".repeat(i - 1)}`)
        .join(", ")}]`,
    );
  writeText(join(dir, "bomb.yaml"), `${bomb.join("\n")}\n`);
  const run = cliJson(["lint", "dup.yaml", "bomb.yaml"], { cwd: dir });
  assert.equal(run.code, 1);
  assert.deepEqual(
    run.report.files.map((f) => f.issues[0]?.code),
    ["invalidYaml", "invalidYaml"],
  );
  assert.equal(run.report.files[0].issues[0].range.start.line, 2);
});

test("stdin: '-' reads JSON, named <stdin> or --stdin-filename, which also selects YAML", () => {
  const ok = cli(["lint", "-"], { input: HELLO });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  const bad = cli(["lint", "-"], { input: "{ nope" });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^<stdin>(:\d+:\d+)? {2}error {2}invalidJson/);
  const yaml = cliJson(["lint", "--stdin-filename", "jobs/x.yaml", "-"], { input: "a: [1,\n  b: :\n" });
  assert.equal(yaml.code, 1);
  assert.equal(yaml.report.files[0].file, "jobs/x.yaml");
  assert.equal(yaml.report.files[0].issues[0].code, "invalidYaml");
});

test("a directory is walked for .json, .yaml and .yml files, sorted", () => {
  const run = cliJson(["lint", `${FIXTURES}/jobs`]);
  assert.equal(run.code, 0);
  assert.deepEqual(files(run.report), [
    `${FIXTURES}/jobs/hello.json`,
    `${FIXTURES}/jobs/hello.yaml`,
    `${FIXTURES}/jobs/nested/web.json`,
  ]);
});

test("globs: *, ? and ** are expanded by the CLI when quoted", () => {
  assert.deepEqual(files(cliJson(["lint", `${FIXTURES}/jobs/**/*.json`]).report), [
    `${FIXTURES}/jobs/hello.json`,
    `${FIXTURES}/jobs/nested/web.json`,
  ]);
  assert.deepEqual(files(cliJson(["lint", `${FIXTURES}/jobs/*`]).report), [
    `${FIXTURES}/jobs/hello.json`,
    `${FIXTURES}/jobs/hello.yaml`,
  ]);
  assert.deepEqual(files(cliJson(["lint", `${FIXTURES}/jobs/?ello.*`]).report), [
    `${FIXTURES}/jobs/hello.json`,
    `${FIXTURES}/jobs/hello.yaml`,
  ]);
  assert.deepEqual(files(cliJson(["lint", `${FIXTURES}/*/nested/*.json`]).report), [
    `${FIXTURES}/jobs/nested/web.json`,
  ]);
  const run = cliJson(["lint", "jobs/**"], { cwd: FIXTURES });
  assert.deepEqual(files(run.report), ["jobs/hello.json", "jobs/hello.yaml", "jobs/nested/web.json"]);
});

test("a file named twice, or by a file and a glob, is linted once", () => {
  const run = cliJson([
    "lint",
    `${FIXTURES}/jobs/hello.json`,
    `./${FIXTURES}/jobs/hello.json`,
    `${FIXTURES}/jobs/*.json`,
  ]);
  assert.deepEqual(files(run.report), [`${FIXTURES}/jobs/hello.json`]);
});

test("a glob or directory with nothing to lint: exit 2, the rest still linted", () => {
  const run = cli(["lint", `${FIXTURES}/jobs/*.toml`, `${FIXTURES}/jobs/hello.json`]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /jobs\/\*\.toml: cannot lint: no files match the pattern/);
  assert.match(run.stdout, /✔ 1 file, no problems; 1 file could not be linted/);
});

test("a file named explicitly is linted whatever its extension", () => {
  const run = cliJson(["lint", `${FIXTURES}/jobs/notes.txt`]);
  assert.equal(run.code, 1);
  assert.equal(run.report.files[0].issues[0].code, "invalidJson");
});

test("binary, UTF-16, invalid UTF-8 and huge files: a clear message each, exit 2, others still linted", (t) => {
  const dir = tempDir(t);
  copyFileSync(`${FIXTURES}/jobs/hello.json`, join(dir, "good.json"));
  writeBytes(join(dir, "binary.json"), Buffer.from([0x7b, 0x0a, 0x00, 0x01, 0x02, 0x7d]));
  writeBytes(join(dir, "utf16.json"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("{}", "utf16le")]));
  writeBytes(join(dir, "latin1.json"), Buffer.from('{\n  "version": "0.1",\n  "name": "caf\xe9"\n}\n', "latin1"));
  const huge = openSync(join(dir, "huge.json"), "w");
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < 11; i++) writeSync(huge, chunk);
  closeSync(huge);
  const run = cliJson(["lint", "."], { cwd: dir });
  assert.equal(run.code, 2);
  const byName = Object.fromEntries(run.report.files.map((f) => [f.file, f]));
  assert.match(byName["binary.json"].error, /binary file \(NUL byte at line 2, byte offset 2\)/);
  assert.match(byName["utf16.json"].error, /UTF-16.*save it as UTF-8/);
  assert.match(byName["latin1.json"].error, /not valid UTF-8 \(first bad byte at line 3, byte offset 36\)/);
  assert.match(byName["huge.json"].error, /^is 11 MiB, over the 10 MiB limit \(--max-file-size\); not read$/);
  assert.equal(byName["good.json"].errorCount, 0);
  assert.deepEqual(run.report.counts, { files: 1, filesWithProblems: 0, errors: 0, warnings: 0, unreadable: 4 });
  const human = cli(["lint", "."], { cwd: dir });
  assert.match(human.stderr, /^huge\.json: cannot lint: is 11 MiB/m);
  assert.match(human.stdout, /✔ 1 file, no problems; 4 files could not be linted\n$/);
});

test("stdin over the size limit is refused", () => {
  const run = cli(["lint", "-"], { input: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /<stdin>: cannot lint: is over the 10 MiB limit \(--max-file-size\)/);
});

test("an unreadable file: exit 2 with 'permission denied'", {
  skip: process.getuid?.() === 0 && "running as root: file permissions do not stop root from reading",
}, (t) => {
  const dir = tempDir(t);
  writeText(join(dir, "secret.json"), "{}");
  chmodSync(join(dir, "secret.json"), 0o000);
  const run = cli(["lint", "secret.json"], { cwd: dir });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /secret\.json: cannot lint: permission denied/);
});

test("a symlink loop does not hang the directory walk", (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, "a"));
  copyFileSync(`${FIXTURES}/jobs/hello.json`, join(dir, "a", "job.json"));
  symlinkSync("..", join(dir, "a", "up"));
  const run = cliJson(["lint", "a"], { cwd: dir });
  assert.equal(run.code, 0);
  assert.deepEqual(files(run.report), ["a/job.json"]);
  // From the folder above, the file is reached as a/job.json and as a/up/a/job.json: linted once.
  assert.deepEqual(files(cliJson(["lint", "."], { cwd: dir }).report), ["a/job.json"]);
});

test("walks skip node_modules and .git; dot files: walked in a directory, not matched by wildcards", (t) => {
  const dir = tempDir(t);
  for (const sub of ["jobs/node_modules/pkg", "jobs/.git", "jobs/.hidden", "jobs/a-b", "jobs/a"])
    mkdirSync(join(dir, sub), { recursive: true });
  for (const file of [
    "jobs/node_modules/pkg/x.json",
    "jobs/.git/x.json",
    "jobs/.hidden/x.json",
    "jobs/.dot.json",
    "jobs/a-b/x.json",
    "jobs/a/x.json",
    "jobs/B.JSON",
  ]) {
    copyFileSync(`${FIXTURES}/jobs/hello.json`, join(dir, file));
  }
  // Sorted as a walk lists them: `a/` before `a-b/`, segment by segment.
  assert.deepEqual(files(cliJson(["lint", "jobs"], { cwd: dir }).report), [
    "jobs/.dot.json",
    "jobs/.hidden/x.json",
    "jobs/B.JSON",
    "jobs/a/x.json",
    "jobs/a-b/x.json",
  ]);
  assert.deepEqual(files(cliJson(["lint", "jobs/**"], { cwd: dir }).report), [
    "jobs/B.JSON",
    "jobs/a/x.json",
    "jobs/a-b/x.json",
  ]);
  assert.deepEqual(files(cliJson(["lint", "jobs/.*.json"], { cwd: dir }).report), ["jobs/.dot.json"]);
  // Named explicitly, node_modules is walked.
  assert.deepEqual(files(cliJson(["lint", "jobs/node_modules"], { cwd: dir }).report), [
    "jobs/node_modules/pkg/x.json",
  ]);
});

test("in a glob only *, ? and ** are wildcards: brackets, braces, parentheses and ! are literal", (t) => {
  const dir = tempDir(t);
  for (const name of ["[x].json", "x.json", "{a,b}.json", "a.json", "(1).json", "!y.json", "y.json"])
    copyFileSync(`${FIXTURES}/jobs/hello.json`, join(dir, name));
  const matched = (pattern) => files(cliJson(["lint", pattern], { cwd: dir }).report);
  assert.deepEqual(matched("[x]*"), ["[x].json"]);
  assert.deepEqual(matched("{a,b}*"), ["{a,b}.json"]);
  assert.deepEqual(matched("*(1).json"), ["(1).json"]);
  assert.deepEqual(matched("!*"), ["!y.json"]);
  assert.deepEqual(matched("?.json"), ["a.json", "x.json", "y.json"]);
});

function writeText(path, text) {
  writeBytes(path, Buffer.from(text));
}
function writeBytes(path, bytes) {
  const fd = openSync(path, "w");
  writeSync(fd, bytes);
  closeSync(fd);
}
