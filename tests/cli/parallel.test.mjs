// `lint --jobs N`: worker threads give the report a serial run gives, byte for byte, in every
// format; a worker that dies costs one file, named; a bad --jobs is a usage error.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { MIN_FILES_PER_WORKER, workerCount } from "../../cli/pool.mjs";
import { cli, FIXTURES, ROOT, tempDir } from "./helpers.mjs";

const CORPUS = join(ROOT, "tests", "fixtures", "corpus");
const TEMPLATES = [
  "pipeline-templates__templates__AUTOMATIC1111-stable-diffusion-1.5__job-definition.json",
  "pipeline-templates__templates__Axolotl__job-definition.json",
  "pipeline-templates__templates__ComfyUI__job-definition-flux.json",
];
const CRASH_PRELOAD = join(ROOT, "tests", "cli", "worker-crash.cjs");

/**
 * A few hundred files of every kind the lint step meets: valid and invalid JSON job definitions,
 * broken JSON, YAML (valid, invalid against the rules, not YAML), a deployment body, and entries
 * that cannot be read (binary, not UTF-8, over --max-file-size), in nested folders.
 */
function makeTree(dir) {
  const texts = TEMPLATES.map((name) => readFileSync(join(CORPUS, name), "utf8"));
  for (let i = 0; i < 300; i++) {
    const folder = join(dir, `group-${i % 7}`);
    mkdirSync(folder, { recursive: true });
    const base = texts[i % texts.length];
    const name = join(folder, `job-${String(i).padStart(3, "0")}`);
    switch (i % 10) {
      case 1:
        writeFileSync(`${name}.json`, base.replace(/"image"(\s*):(\s*)"[^"]*"/, '"image"$1:$242'));
        break;
      case 2:
        writeFileSync(`${name}.json`, '{"version": "0.1", "type": "container", "ops": [');
        break;
      case 3:
        writeFileSync(
          `${name}.yaml`,
          `version: "0.1"\ntype: container\nops:\n  - id: a b\n    type: container/run\n    args:\n      image: ${i}\n`,
        );
        break;
      case 4:
        writeFileSync(`${name}.yml`, 'version: "0.1"\ntype: container\nops: [\n  - {id: x\n');
        break;
      case 5:
        writeFileSync(`${name}.json`, `{"job_definition": ${base}, "name": "d${i}", "market": "x", "replicas": 0}`);
        break;
      case 6:
        writeFileSync(`${name}.json`, Buffer.from([0x7b, 0x22, 0x6f, 0x70, 0x73, 0x22, 0x00, 0x7d]));
        break;
      case 7:
        writeFileSync(
          `${name}.json`,
          Buffer.concat([Buffer.from('{"ops": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
        );
        break;
      case 8:
        writeFileSync(`${name}.json`, base.replace('"ops"', `"padding": "${"x".repeat(70_000)}", "ops"`));
        break;
      default:
        writeFileSync(`${name}.json`, base);
    }
  }
}

function lintBoth(args, env = {}) {
  const serial = cli(["lint", "--jobs", "1", ...args], { env });
  const parallel = cli(["lint", "--jobs", "4", ...args], { env });
  return { serial, parallel };
}

test("--jobs 4 gives the report --jobs 1 gives, in every format, with the same exit code", (t) => {
  const dir = tempDir(t);
  makeTree(dir);
  for (const format of ["human", "json", "github", "sarif"]) {
    const { serial, parallel } = lintBoth([dir, "--max-file-size", "64KiB", "--format", format]);
    assert.equal(serial.code, 2, `${format}: unreadable files make the exit code 2`);
    assert.equal(parallel.code, serial.code, format);
    assert.equal(parallel.stdout, serial.stdout, `${format}: stdout`);
    assert.equal(parallel.stderr, serial.stderr, `${format}: stderr`);
  }
  // The run checked something: every kind of outcome is in the report.
  const report = JSON.parse(cli(["lint", "-j", "3", dir, "--max-file-size", "64KiB", "-f", "json"]).stdout);
  assert.equal(report.files.length, 300);
  const errors = report.files.map((f) => f.error).filter(Boolean);
  assert.ok(errors.some((e) => e.includes("binary")));
  assert.ok(errors.some((e) => e.includes("UTF-8")));
  assert.ok(errors.some((e) => e.includes("limit")));
  const codes = new Set(report.files.flatMap((f) => (f.issues ?? []).map((i) => i.code)));
  for (const code of ["invalidType", "invalidJson", "invalidYaml", "invalidOpId"]) assert.ok(codes.has(code), code);
  assert.ok(report.files.some((f) => f.kind === "deployment"));
});

test("the same with --quiet, --no-warnings, --rule and --max-warnings, and with operands that name nothing", (t) => {
  const dir = tempDir(t);
  makeTree(dir);
  const args = [
    join(dir, "group-1"),
    "missing.json",
    `${dir}/group-2/*.json`,
    dir,
    "--quiet",
    "--rule",
    "invalidType=warning",
  ];
  const { serial, parallel } = lintBoth([...args, "--max-file-size", "64KiB"]);
  assert.equal(parallel.code, serial.code);
  assert.equal(parallel.stdout, serial.stdout);
  assert.equal(parallel.stderr, serial.stderr);
  assert.match(serial.stderr, /missing\.json: cannot lint: no such file or directory/);
  const quiet = lintBoth([dir, "--no-warnings", "--max-warnings", "0", "--max-file-size", "1MiB"]);
  assert.equal(quiet.parallel.code, quiet.serial.code);
  assert.equal(quiet.parallel.stdout, quiet.serial.stdout);
});

test("a worker that dies costs only the file it was on, named in the report; the others are linted", (t) => {
  const dir = tempDir(t);
  makeTree(dir);
  const env = { NODE_OPTIONS: `--require ${CRASH_PRELOAD}`, NOSANA_TEST_CRASH_ON: "job-120.json" };
  const { serial, parallel } = lintBoth([dir, "-f", "json"], env);
  // The preload crashes worker threads only: the serial run lints the file normally.
  const before = JSON.parse(serial.stdout);
  const after = JSON.parse(parallel.stdout);
  assert.equal(parallel.code, 2);
  const crashed = after.files.find((f) => f.file.endsWith("job-120.json"));
  assert.match(crashed.error, /the worker linting it stopped unexpectedly \(exit code 70\); not linted/);
  assert.deepEqual(
    after.files.filter((f) => f !== crashed),
    before.files.filter((f) => !f.file.endsWith("job-120.json")),
  );
  assert.equal(after.counts.unreadable, before.counts.unreadable + 1);
});

test("workers that die before linting anything end the run with a clear error, not a hang", (t) => {
  const dir = tempDir(t);
  makeTree(dir);
  const env = { NODE_OPTIONS: `--require ${CRASH_PRELOAD}`, NOSANA_TEST_CRASH_ON: dir };
  const run = cli(["lint", "--jobs", "2", dir], { env, timeout: 60_000 });
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^nosana-deployments: worker threads keep stopping \(exit code 70\); try --jobs 1\n$/);
});

test("one file never starts a worker, whatever --jobs says", () => {
  // Workers would crash on every file (see the test above): the file is linted all the same.
  const env = { NODE_OPTIONS: `--require ${CRASH_PRELOAD}`, NOSANA_TEST_CRASH_ON: "hello.json" };
  const run = cli(["lint", "--jobs", "8", `${FIXTURES}/jobs/hello.json`], { env });
  assert.equal(run.stderr, "");
  assert.equal(run.code, 0);
  assert.match(run.stdout, /1 file, no problems/);
});

test("--jobs takes a whole number from 1 to 256", () => {
  for (const bad of ["0", "-1", "abc", "1.5", "257", ""]) {
    const run = cli(["lint", `--jobs=${bad}`, `${FIXTURES}/jobs/hello.json`]);
    assert.equal(run.code, 2, bad);
    assert.equal(run.stdout, "", bad);
    assert.match(
      run.stderr,
      /--jobs must be a whole number from 1 to 256, got '.*'|option '--jobs' needs a value/,
      bad,
    );
  }
  const missing = cli(["lint", `${FIXTURES}/jobs/hello.json`, "--jobs"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /option '--jobs' needs a value/);
});

test("without --jobs, a thread per 1,000 files up to one per core; with it, never more threads than files", () => {
  const cores = availableParallelism();
  assert.equal(workerCount(1), 0);
  assert.equal(workerCount(MIN_FILES_PER_WORKER * 2 - 1), Math.min(cores, 1));
  assert.equal(workerCount(MIN_FILES_PER_WORKER * 2), Math.min(cores, 2));
  assert.equal(workerCount(1_000_000), cores);
  assert.equal(workerCount(1, 8), 1);
  assert.equal(workerCount(300, 4), 4);
  assert.equal(workerCount(3, 1), 1);
});
