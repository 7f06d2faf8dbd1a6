// `lint --fix` and `--fix-dry-run`: files rewritten with the library's fixes (and what changed said),
// a diff that applies to the original to give exactly what --fix writes, and the limits (stdin,
// YAML, rules turned off).
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { applyPatch, parsePatch } from "diff";
import { cli, cliJson, lib, ROOT, tempDir } from "./helpers.mjs";

const JOB = `{
  "version": "0.1",
  "type": "container",
  "ops": [
    {
      "type": "container/run",
      "id": "web",
      "args": {
        "imgae": "nginx",
        "expose": 80
      }
    }
  ]
}
`;

function writeJob(dir, name = "web.json", text = JOB) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

test("the fixture is fixable: the library offers a fix for its misspelled key", () => {
  const issues = lib.validateJobDefinition(JOB, { warnings: true }).issues;
  const unknown = issues.find((i) => i.code === "unknownKey");
  assert.ok(unknown?.fixes?.length > 0, JSON.stringify(issues));
});

test("--fix rewrites the file, says what it fixed, and reports what is left (exit 0 when nothing is)", (t) => {
  const dir = tempDir(t);
  const file = writeJob(dir);
  const run = cli(["lint", "--fix", file]);
  const fixed = readFileSync(file, "utf8");
  assert.notEqual(fixed, JOB);
  assert.ok(fixed.includes('"image": "nginx"'), fixed);
  assert.deepEqual(lib.validateJobDefinition(fixed, { warnings: false }).issues, []);
  assert.match(
    run.stdout,
    new RegExp(
      `^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: fixed 1 problem\\n  .+ \\(unknownKey at /ops/0/args/imgae\\)\\n`,
    ),
  );
  assert.equal(run.code, lib.validateJobDefinition(fixed, { warnings: true }).success ? 0 : 1);
});

test("--fix-dry-run prints a unified diff that turns the file into what --fix writes, and writes nothing", (t) => {
  const dir = tempDir(t);
  const file = writeJob(dir);
  const dry = cli(["lint", "--fix-dry-run", "web.json"], { cwd: dir });
  assert.equal(readFileSync(file, "utf8"), JOB, "the file is untouched");
  const [patch] = parsePatch(dry.stdout);
  assert.equal(patch.oldFileName, "a/web.json");
  assert.equal(patch.newFileName, "b/web.json");
  assert.match(dry.stderr, /would fix 1 problem/);
  assert.equal(dry.code, 0, "nothing would be left");
  const patched = applyPatch(JOB, dry.stdout);
  // git apply takes it too.
  const git = spawnSync("git", ["apply", "-"], { cwd: dir, input: dry.stdout, encoding: "utf8" });
  assert.equal(git.status, 0, git.stderr);
  assert.equal(readFileSync(file, "utf8"), patched);
  writeFileSync(file, JOB);
  cli(["lint", "--fix", file]);
  assert.equal(readFileSync(file, "utf8"), patched);
});

test("--fix-dry-run names a file outside the working directory by its path, without a/ b/", (t) => {
  const dir = tempDir(t);
  const file = writeJob(dir);
  const [patch] = parsePatch(cli(["lint", "--fix-dry-run", file]).stdout);
  assert.equal(patch.oldFileName, file);
  assert.equal(patch.newFileName, file);
});

test("a misspelled required key is renamed, and gets no placeholder twin", (t) => {
  const dir = tempDir(t);
  const file = writeJob(dir);
  cli(["lint", "--fix", file]);
  assert.equal(readFileSync(file, "utf8"), JOB.replace('"imgae"', '"image"'));
});

test("a missing field alone gets its placeholder", (t) => {
  const dir = tempDir(t);
  const text = JOB.replace('"imgae": "nginx",\n        ', "");
  const file = writeJob(dir, "bare.json", text);
  const run = cli(["lint", "--fix", file]);
  const fixed = readFileSync(file, "utf8");
  assert.notEqual(fixed, text);
  assert.ok(JSON.parse(fixed).ops[0].args.image !== undefined, fixed);
  assert.match(run.stdout, /\(missingField at \/ops\/0\/args\/image\)/);
});

test("--fix-dry-run with nothing to fix prints no diff", (t) => {
  const dir = tempDir(t);
  const valid = JOB.replace('"imgae"', '"image"');
  const file = writeJob(dir, "ok.json", valid);
  const run = cli(["lint", "--fix-dry-run", file]);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /nothing would be fixed/);
  assert.equal(run.code, 0);
});

test("--fix with --format json: the report lists what was fixed per file", (t) => {
  const dir = tempDir(t);
  const file = writeJob(dir);
  const { report, stderr } = cliJson(["lint", "--fix", file]);
  assert.deepEqual(
    report.files[0].fixed.map((f) => f.code),
    ["unknownKey"],
  );
  assert.match(stderr, /fixed 1 problem/);
});

test("a rule turned off is not fixed", (t) => {
  const dir = tempDir(t);
  const file = writeJob(dir);
  const run = cli(["lint", "--fix", "--rule", "unknownKey=off", file]);
  assert.equal(readFileSync(file, "utf8").includes('"imgae"'), true);
  assert.doesNotMatch(run.stdout, /unknownKey at/);
});

test("YAML: --fix carries the fixes into the YAML text, keeping comments and layout", (t) => {
  const dir = tempDir(t);
  const yaml =
    '# the web job\nversion: "0.1"\ntype: container\nops:\n  - type: container/run\n    id: web\n    args:\n      imgae: nginx # pinned later\n';
  const file = writeJob(dir, "web.yaml", yaml);
  const run = cli(["lint", "--fix", file]);
  const fixed = readFileSync(file, "utf8");
  assert.equal(fixed, yaml.replace("imgae: nginx", "image: nginx"));
  assert.match(run.stdout, /web\.yaml: fixed 1 problem/);
  assert.equal(run.code, 0, run.stdout);
});

test("YAML: reports show no fixes (theirs edit the JSON form), yet --fix-dry-run uses them", (t) => {
  const dir = tempDir(t);
  const yaml =
    'version: "0.1"\ntype: container\nops:\n  - type: container/run\n    id: web\n    args:\n      imgae: nginx\n';
  const file = writeJob(dir, "web.yaml", yaml);
  const { report } = cliJson(["lint", file]);
  const unknown = report.files[0].issues.find((i) => i.code === "unknownKey");
  assert.deepEqual(unknown.fixes, []);
  const dry = cli(["lint", "--fix-dry-run", file]);
  assert.equal(applyPatch(yaml, dry.stdout), yaml.replace("imgae:", "image:"));
});

test("usage: --fix on stdin, --fix with --fix-dry-run, and --fix-dry-run with a --format exit 2", () => {
  for (const args of [
    ["--fix", "-"],
    ["--fix", "--fix-dry-run", "x.json"],
    ["--fix-dry-run", "--format", "json", "x.json"],
  ]) {
    const run = cli(["lint", ...args], { input: JOB });
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, /--fix/);
  }
});

test("--fix never turns valid JSON into invalid JSON over the vendored corpus", (t) => {
  const dir = tempDir(t);
  const corpus = join(ROOT, "tests/fixtures/corpus");
  const names = readdirSync(corpus).filter((n) => n.endsWith(".json"));
  assert.ok(names.length > 50);
  for (const name of names) copyFileSync(join(corpus, name), join(dir, name));
  cli(["lint", "--fix", dir]);
  for (const name of names) {
    const before = readFileSync(join(corpus, name), "utf8");
    let parses = true;
    try {
      JSON.parse(before);
    } catch {
      parses = false;
    }
    if (parses) assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, name), "utf8")), name);
  }
});
