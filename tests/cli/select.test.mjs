// Which files a directory walk or a glob lints: .gitignore, --ignore, never package/tsconfig/lock
// files, only job-definition-like files from a directory (unless --all-files), --verbose saying why.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cli, cliJson, FIXTURES, tempDir } from "./helpers.mjs";

const files = (report) => report.files.map((f) => f.file);
const HELLO = `${FIXTURES}/jobs/hello.json`;

/** A project folder: job definitions, a deployment, and files that are not job definitions. */
function project(t) {
  const dir = tempDir(t);
  for (const sub of ["jobs", "build", "config"]) mkdirSync(join(dir, sub));
  copyFileSync(HELLO, join(dir, "jobs", "web.json"));
  copyFileSync(`${FIXTURES}/jobs/hello.yaml`, join(dir, "jobs", "web.yaml"));
  copyFileSync(`${FIXTURES}/deployments/create.json`, join(dir, "deploy.json"));
  copyFileSync(HELLO, join(dir, "build", "out.json"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "x", version: "1.0.0", type: "module" }));
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify({ name: "x", lockfileVersion: 3 }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: {} }));
  writeFileSync(join(dir, "tsconfig.build.json"), JSON.stringify({ extends: "./tsconfig.json" }));
  writeFileSync(join(dir, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
  writeFileSync(join(dir, "config", "app.json"), JSON.stringify({ port: 8080 }));
  writeFileSync(join(dir, "config", "ci.yaml"), "on: push\njobs: {}\n");
  // A broken job definition is still linted: its syntax error is the point.
  writeFileSync(join(dir, "jobs", "broken.json"), '{ "version": "0.1", "type": "container", "ops": [ , ] }');
  writeFileSync(join(dir, ".gitignore"), "build/\n");
  return dir;
}

test("a directory: only job-definition-like files, never package/tsconfig/lock files, .gitignore honoured", (t) => {
  const dir = project(t);
  const run = cliJson(["lint", "."], { cwd: dir });
  assert.deepEqual(files(run.report), ["deploy.json", "jobs/broken.json", "jobs/web.json", "jobs/web.yaml"]);
  assert.equal(run.report.files.find((f) => f.file === "deploy.json").kind, "deployment");
  assert.equal(run.report.files.find((f) => f.file === "jobs/broken.json").issues[0].code, "invalidJson");
  assert.equal(run.code, 1);
});

test("--verbose says which files were skipped and why, on stderr", (t) => {
  const dir = project(t);
  const run = cli(["lint", "--verbose", "."], { cwd: dir });
  const skipped = Object.fromEntries([...run.stderr.matchAll(/^skipped (\S+): (.*)$/gm)].map((m) => [m[1], m[2]]));
  assert.deepEqual(Object.keys(skipped).sort(), [
    "build/out.json",
    "config/app.json",
    "config/ci.yaml",
    "package-lock.json",
    "package.json",
    "pnpm-lock.yaml",
    "tsconfig.build.json",
    "tsconfig.json",
  ]);
  assert.equal(skipped["build/out.json"], "ignored by .gitignore");
  assert.match(skipped["package.json"], /never linted/);
  assert.match(skipped["pnpm-lock.yaml"], /never linted/);
  assert.match(skipped["config/app.json"], /not a job definition or deployment/);
  // Without --verbose, nothing about skipped files.
  assert.doesNotMatch(cli(["lint", "."], { cwd: dir }).stderr, /skipped/);
});

test("--ignore (repeatable, gitignore syntax) leaves files out of walks and globs", (t) => {
  const dir = project(t);
  const run = cliJson(["lint", "--ignore", "jobs/*.yaml", "--ignore=deploy.json", "."], { cwd: dir });
  assert.deepEqual(files(run.report), ["jobs/broken.json", "jobs/web.json"]);
  const glob = cliJson(["lint", "--ignore", "broken.json", "jobs/*"], { cwd: dir });
  assert.deepEqual(files(glob.report), ["jobs/web.json", "jobs/web.yaml"]);
  const verbose = cli(["lint", "-v", "--ignore", "jobs/", "."], { cwd: dir });
  assert.match(verbose.stderr, /^skipped jobs\/web\.json: ignored by --ignore 'jobs\/'$/m);
});

test("files named explicitly are always linted", (t) => {
  const dir = project(t);
  const run = cliJson(["lint", "--ignore", "build/", "package.json", "build/out.json", "config/app.json"], {
    cwd: dir,
  });
  assert.deepEqual(files(run.report), ["package.json", "build/out.json", "config/app.json"]);
});

test("--all-files and --no-gitignore widen the walk; package and lock files stay out", (t) => {
  const dir = project(t);
  const all = cliJson(["lint", "--all-files", "."], { cwd: dir });
  assert.deepEqual(files(all.report), [
    "config/app.json",
    "config/ci.yaml",
    "deploy.json",
    "jobs/broken.json",
    "jobs/web.json",
    "jobs/web.yaml",
  ]);
  const noGitignore = cliJson(["lint", "--no-gitignore", "."], { cwd: dir });
  assert.ok(files(noGitignore.report).includes("build/out.json"));
});

test("a glob never matches package or lock files, but is not filtered by content", (t) => {
  const dir = project(t);
  assert.deepEqual(files(cliJson(["lint", "*.json"], { cwd: dir }).report), ["deploy.json"]);
  assert.deepEqual(files(cliJson(["lint", "config/*"], { cwd: dir }).report), ["config/app.json", "config/ci.yaml"]);
});

test("nested .gitignore files apply below their folder, and a deeper ! re-includes", (t) => {
  const dir = project(t);
  mkdirSync(join(dir, ".git")); // the repository root: .gitignore files are read from here down
  mkdirSync(join(dir, "jobs", "drafts"));
  copyFileSync(HELLO, join(dir, "jobs", "drafts", "a.json"));
  copyFileSync(HELLO, join(dir, "jobs", "drafts", "keep.json"));
  writeFileSync(join(dir, "jobs", ".gitignore"), "drafts/*.json\n");
  writeFileSync(join(dir, "jobs", "drafts", ".gitignore"), "!keep.json\n");
  const run = cliJson(["lint", "jobs"], { cwd: dir });
  assert.deepEqual(files(run.report), ["jobs/broken.json", "jobs/drafts/keep.json", "jobs/web.json", "jobs/web.yaml"]);
  // Run from inside the folder, the .gitignore files of the repository above it still apply.
  const inside = cli(["lint", "-v", "."], { cwd: join(dir, "jobs", "drafts") });
  assert.match(inside.stderr, /^skipped a\.json: ignored by \.\.\/\.gitignore$/m);
});

test("a directory where everything is skipped: exit 2, saying so", (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, "package.json"), "{}");
  writeFileSync(join(dir, "settings.json"), '{ "a": 1 }');
  const run = cli(["lint", "."], { cwd: dir });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /nothing to lint: 2 files found, all skipped \(--verbose says why\)/);
});
