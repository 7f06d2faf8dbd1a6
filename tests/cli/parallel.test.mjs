// `lint --jobs N`: worker threads give the report a serial run gives, byte for byte, in every
// format; a worker that dies costs one file, named; a bad --jobs is a usage error.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
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

/**
 * Beside makeTree's job definitions, what a walk leaves out (and, since the workers tell job
 * definitions from other files, must leave out the same way): JSON and YAML that are not job
 * definitions, one that does not parse but looks like one, package and lock files, .gitignore'd
 * and node_modules files, a folder with nothing to lint, and a symlinked folder (the same files
 * by two paths).
 */
function makeMixedTree(dir) {
  makeTree(dir);
  const job = readFileSync(join(CORPUS, TEMPLATES[0]), "utf8");
  mkdirSync(join(dir, "config"));
  mkdirSync(join(dir, "build"));
  mkdirSync(join(dir, "node_modules", "x"), { recursive: true });
  mkdirSync(join(dir, "only-other", "deep"), { recursive: true });
  for (let i = 0; i < 60; i++) {
    const name = join(dir, "config", `c-${String(i).padStart(2, "0")}`);
    if (i % 4 === 0) writeFileSync(`${name}.json`, `{"name": "app-${i}", "port": ${i}}`);
    if (i % 4 === 1) writeFileSync(`${name}.yaml`, `name: app-${i}\nlist: [1, 2]\n`);
    if (i % 4 === 2) writeFileSync(`${name}.json`, `{"ops": [ broken ${i}`); // looks like one: linted
    if (i % 4 === 3) writeFileSync(`${name}.yml`, `- not: an object\n- ${i}\n`);
  }
  writeFileSync(join(dir, "package.json"), '{"name": "x"}');
  writeFileSync(join(dir, "pnpm-lock.yaml"), "lockfileVersion: 9\n");
  writeFileSync(join(dir, ".gitignore"), "build/\n");
  writeFileSync(join(dir, "build", "out.json"), job);
  writeFileSync(join(dir, "node_modules", "x", "job.json"), job);
  writeFileSync(join(dir, "only-other", "a.json"), "[1, 2]");
  writeFileSync(join(dir, "only-other", "deep", "b.yaml"), "a: 1\n");
  symlinkSync(join(dir, "group-3"), join(dir, "config", "linked-group"));
}

test("directory walks: --verbose's skipped files, nothing to lint and duplicates as --jobs 1 says them", (t) => {
  const dir = tempDir(t);
  makeMixedTree(dir);
  const operands = [
    join(dir, "config", "c-00.json"), // named: linted although not a job definition, and again in the walk
    join(dir, "group-1"),
    dir, // holds group-1 again (duplicates dropped) and the symlinked folder (one path per file)
    join(dir, "only-other"), // everything skipped: nothing to lint
    `${dir}/group-1/*.json`, // already linted
    join(dir, "config", "c-04.json"), // named after the walk skipped it
    join(dir, "group-2", "job-002.json"),
    join(dir, "missing"),
  ];
  const serialRuns = {};
  for (const format of ["human", "json", "sarif"]) {
    const { serial, parallel } = lintBoth([...operands, "--verbose", "--max-file-size", "64KiB", "-f", format]);
    assert.equal(parallel.code, serial.code, format);
    assert.equal(parallel.stdout, serial.stdout, `${format}: stdout`);
    assert.equal(parallel.stderr, serial.stderr, `${format}: stderr (skipped files, their order, problems)`);
    serialRuns[format] = serial;
  }
  // The comparison covered every walk case: check the serial run's own words.
  const serial = serialRuns.json;
  const skipped = [...serial.stderr.matchAll(/^skipped (\S+): (.*)$/gm)].map((m) => [m[1].slice(dir.length + 1), m[2]]);
  const reasons = Object.fromEntries(skipped);
  // only-other's files are walked twice (in `dir`, then on their own) and said twice, as ever.
  assert.equal(skipped.filter(([file]) => file.startsWith("only-other/")).length, 4);
  assert.match(reasons["config/c-01.yaml"], /not a job definition or deployment/);
  assert.match(reasons["config/c-03.yml"], /not a job definition or deployment/);
  assert.match(reasons["only-other/deep/b.yaml"], /not a job definition or deployment/);
  assert.match(reasons["package.json"], /never linted/);
  assert.match(reasons["pnpm-lock.yaml"], /never linted/);
  assert.match(reasons["build/out.json"], /ignored by .*\.gitignore/);
  assert.equal(reasons["config/c-00.json"], undefined, "named first: linted, not said to be skipped");
  assert.match(reasons["config/c-04.json"], /not a job definition/, "walked before it was named");
  assert.ok(!skipped.some(([file]) => file.startsWith("node_modules")), "node_modules is not entered");
  const report = JSON.parse(serial.stdout);
  const names = report.files.map((f) => f.file.slice(dir.length + 1));
  assert.equal(new Set(names).size, names.length, "no file twice");
  assert.ok(names.includes("config/c-00.json") && names.includes("config/c-04.json"));
  assert.ok(names.includes("config/c-02.json"), "broken but looks like a job definition: linted");
  assert.ok(!names.some((n) => n.startsWith("config/linked-group/")), "the symlinked files under their shorter path");
  assert.ok(names.includes("missing") && names.includes("only-other"));
  assert.match(
    report.files.find((f) => f.file.endsWith("only-other")).error,
    /nothing to lint: 2 files found, all skipped/,
  );
  assert.equal(
    report.files.length,
    300 + 15 + 2 + 2,
    "makeTree's files, config's broken ones, c-00, c-04, two problems",
  );
});

test("with worker threads, the main thread reads none of the walked files: the workers check and lint them", (t) => {
  const dir = tempDir(t);
  makeMixedTree(dir);
  const serial = cli(["lint", "--jobs", "1", "--verbose", dir]);
  // The main thread stops (exit code 71) if it opens any of makeTree's files (it does read the
  // .gitignore files, to know what the walk leaves out).
  const env = { NODE_OPTIONS: `--require ${CRASH_PRELOAD}`, NOSANA_TEST_MAIN_NEVER_OPENS: join(dir, "group-") };
  const parallel = cli(["lint", "--jobs", "2", "--verbose", dir], { env });
  assert.equal(parallel.code, serial.code);
  assert.equal(parallel.stdout, serial.stdout);
  assert.equal(parallel.stderr, serial.stderr);
  // The guard works: a serial run under it stops on its first file.
  assert.equal(cli(["lint", "--jobs", "1", dir], { env }).code, 71);
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

test("by default the main thread lints beside the workers, and finishes alone when they keep dying", (t) => {
  const cores = availableParallelism();
  if (cores < 2) return t.skip("one core: the default lints in the main thread alone, no worker to test");
  const dir = tempDir(t);
  // Enough files for two threads by default (one per 1,000): the main thread and one worker.
  const files = MIN_FILES_PER_WORKER * 2;
  const texts = TEMPLATES.map((name) => readFileSync(join(CORPUS, name), "utf8"));
  for (let i = 0; i < files; i++) {
    const name = join(dir, `job-${String(i).padStart(5, "0")}`);
    const text = i % 9 === 4 ? texts[i % 3].replace('"ops"', '"opz"') : texts[i % 3];
    if (i % 17 === 8)
      writeFileSync(`${name}.yaml`, `version: "0.1"\ntype: container\nops:\n  - id: a b\n    type: container/run\n`);
    else writeFileSync(`${name}.json`, i % 13 === 5 ? '{"ops": [' : text);
  }
  writeFileSync(join(dir, "other.json"), '{"name": "not a job"}');
  const args = ["lint", "--verbose", "-f", "json", dir];
  const serial = cli([...args, "--jobs", "1"]);
  const byDefault = cli(args);
  assert.equal(byDefault.code, serial.code);
  assert.equal(byDefault.stdout, serial.stdout);
  assert.equal(byDefault.stderr, serial.stderr);
  assert.equal(JSON.parse(serial.stdout).files.length, files);
  // Every worker thread dies on its first file: the main thread lints them all, nothing is lost.
  const env = { NODE_OPTIONS: `--require ${CRASH_PRELOAD}`, NOSANA_TEST_CRASH_ON: dir };
  const alone = cli(args, { env, timeout: 60_000 });
  assert.equal(alone.code, serial.code);
  assert.equal(alone.stdout, serial.stdout);
  assert.equal(alone.stderr, serial.stderr);
});

test("threads started while listing and then not needed (most files .gitignore'd) are stopped: no hang", (t) => {
  const dir = tempDir(t);
  // Enough files listed for a thread by default, so one starts early; .gitignore then leaves three
  // (so no file is left to a thread).
  for (let i = 0; i < MIN_FILES_PER_WORKER * 2; i++) writeFileSync(join(dir, `skip-${i}.json`), "{}");
  writeFileSync(join(dir, ".gitignore"), "skip-*\n");
  for (const name of ["a", "b", "c"])
    writeFileSync(join(dir, `${name}.json`), readFileSync(join(CORPUS, TEMPLATES[0]), "utf8"));
  const run = cli(["lint", dir], { timeout: 30_000 });
  assert.equal(run.stderr, "");
  assert.equal(run.code, 0);
  assert.match(run.stdout, /3 files, no problems/);
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
