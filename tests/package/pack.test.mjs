// The published artefact, as a user gets it: `npm pack`, install the tarball into a fresh project,
// then `require` and `import` it there. The tarball must hold the wasm, the glue and the .d.ts,
// and nothing of the build tree.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let packed;
let project;

function npm(args, cwd) {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 180_000 });
  assert.equal(result.status, 0, `npm ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

before(() => {
  const out = mkdtempSync(join(tmpdir(), "nd-pack-"));
  [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", out], ROOT));
  project = mkdtempSync(join(tmpdir(), "nd-consumer-"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", join(out, packed.filename)], project);
});

test("the tarball holds the wasm, the glue and the types, and no build tree", () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const needed of [
    "package.json",
    "pkg/node/nosana_deployments.js",
    "pkg/node/nosana_deployments.d.ts",
    "pkg/node/nosana_deployments_bg.wasm",
    "pkg/web/nosana_deployments.js",
    "pkg/web/nosana_deployments_bg.wasm",
    "js/web.mjs",
    "pkg/job-node/nosana_deployments.js",
    "pkg/job-node/nosana_deployments.d.ts",
    "pkg/job-node/nosana_deployments_bg.wasm",
    "pkg/job-node/package.json",
    "pkg/job-web/nosana_deployments.js",
    "pkg/job-web/nosana_deployments_bg.wasm",
    "pkg/job-web/package.json",
    "js/job-web.mjs",
    "pkg/editor-node/nosana_deployments.js",
    "pkg/editor-node/nosana_deployments.d.ts",
    "pkg/editor-node/nosana_deployments_bg.wasm",
    "pkg/editor-node/package.json",
    "pkg/editor-web/nosana_deployments.js",
    "pkg/editor-web/nosana_deployments_bg.wasm",
    "pkg/editor-web/package.json",
    "js/editor-web.mjs",
    "js/editor-init.mjs",
    "cli/index.mjs",
  ]) {
    assert.ok(files.includes(needed), `missing ${needed}`);
  }
  const leaked = files.filter(
    (f) => /^(src|target|tests|scripts|node_modules|sandbox|bench)\//.test(f) || f.endsWith(".rs"),
  );
  assert.deepEqual(leaked, []);
});

test("require works in a project that installed the tarball", () => {
  const result = spawnSync(
    process.execPath,
    ["-e", "const m = require('nosana-deployments'); console.log(m.version(), typeof m.validateJobDefinition)"],
    { cwd: project, encoding: "utf8" },
  );
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), `${packed.version} function`);
});

test("import works in an ES module of that project", () => {
  writeFileSync(
    join(project, "main.mjs"),
    "import { version, validateJobDefinition } from 'nosana-deployments';\nconsole.log(version(), validateJobDefinition('{').success);\n",
  );
  const result = spawnSync(process.execPath, ["main.mjs"], { cwd: project, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), `${packed.version} false`);
});

test("require of nosana-deployments/job gives the job-definition validator alone", () => {
  const script =
    "const m = require('nosana-deployments/job'); console.log(m.version(), Object.keys(m).sort().join(','), m.validateJobDefinition('{').issues[0].code)";
  const result = spawnSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout.trim(),
    `${packed.version} jobDefinitionStandardSchema,listRules,validateJobDefinition,version invalidJson`,
  );
});

test("require of nosana-deployments/editor gives the validator and the language service, without the client", () => {
  const script =
    "const m = require('nosana-deployments/editor'); console.log(m.version(), Object.keys(m).sort().join(','), m.hoverAt('{\"ops\": []}', 2) !== null)";
  const result = spawnSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout.trim(),
    `${packed.version} applyFixes,completionsAt,deploymentJsonSchema,hoverAt,jobDefinitionJsonSchema,jobDefinitionStandardSchema,listRules,validateJobDefinition,version true`,
  );
});

test("import of nosana-deployments/job works in an ES module of that project", () => {
  writeFileSync(
    join(project, "job.mjs"),
    "import { version, validateJobDefinition } from 'nosana-deployments/job';\nimport * as job from 'nosana-deployments/job';\nconsole.log(version(), validateJobDefinition('{').success, 'validateDeployment' in job);\n",
  );
  const result = spawnSync(process.execPath, ["job.mjs"], { cwd: project, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), `${packed.version} false false`);
});

test("the CLI is installed as a bin of the consumer project", () => {
  const bin = join(project, "node_modules", ".bin", "nosana-deployments");
  const result = spawnSync(bin, ["schedule", "0 2 * * *", "-n", "1", "--from", "2025-01-01T00:00:00Z"], {
    cwd: project,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /2025-01-01T02:00:00/);
  // `lint` with a glob: its dependencies (tinyglobby, yaml) came with the package.
  mkdirSync(join(project, "jobs"), { recursive: true });
  writeFileSync(
    join(project, "jobs", "web.yaml"),
    'version: "0.1"\ntype: container\nops:\n  - id: web\n    type: container/run\n    args: { image: nginx }\n',
  );
  const lint = spawnSync(bin, ["lint", "--format", "json", "jobs/*.yaml"], { cwd: project, encoding: "utf8" });
  assert.equal(lint.status, 0, lint.stderr + lint.stdout);
  assert.deepEqual(
    JSON.parse(lint.stdout).files.map((f) => [f.file, f.language, f.errorCount]),
    [["jobs/web.yaml", "yaml", 0]],
  );
});
