// The tarball as the registry would serve it, checked by the two tools the ecosystem uses:
// publint (package.json fields, `exports` conditions and the files they point at; --strict turns
// warnings into errors) and Are The Types Wrong (the `.d.ts` each entry resolves to, under every
// TypeScript module resolution: node10, node16 CJS and ESM, bundler). Both read the packed tarball
// and nothing from the network (attw: no DefinitelyTyped look-up).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const bin = (name) => join(ROOT, "node_modules", ".bin", name);
let out;
let tarball;
let packed;

function run(command, args, cwd = ROOT) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 180_000 });
  if (result.error) throw result.error;
  return result;
}

/** `run`, with stdout written to a file: a tool that ends with `process.exit` (attw does when it
 * finds problems, even expected ones) loses what it had not flushed to a pipe yet, and a report of
 * a few hundred KB came back cut. Writes to a file are synchronous in Node, so nothing is lost. */
function runToFile(command, args) {
  const file = join(out, `${command.split("/").pop()}.stdout`);
  const fd = openSync(file, "w");
  try {
    const result = spawnSync(command, args, {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 180_000,
      stdio: ["ignore", fd, "pipe"],
    });
    if (result.error) throw result.error;
    return { ...result, stdout: readFileSync(file, "utf8") };
  } finally {
    closeSync(fd);
  }
}

before(() => {
  assert.ok(existsSync(join(ROOT, "pkg", "node", "nosana_deployments.js")), "build first: node scripts/build.mjs");
  out = mkdtempSync(join(tmpdir(), "nd-lint-pack-"));
  // The build is already there (the test runner builds first): pack it as it is.
  const pack = run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out]);
  assert.equal(pack.status, 0, pack.stderr);
  [packed] = JSON.parse(pack.stdout);
  tarball = join(out, packed.filename);
});

after(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

test("publint --strict finds nothing to say about the tarball", () => {
  const result = run(bin("publint"), ["run", "--strict", tarball]);
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, output);
  assert.doesNotMatch(output, /Warnings?:|Errors?:/, output);
  // Suggestions do not change the exit code; the one accepted: no "type" field. With
  // "type": "commonjs" the repository's plain .js ES modules (www/src, the wasm snippet) would be
  // read as scripts by the tools that honour it (Biome does); the package's own .js files are
  // CommonJS with their own package.json (pkg/node) or .mjs, so Node never has to guess.
  const suggestions =
    output
      .split(/Suggestions?:\n/)[1]
      ?.split("\n")
      .filter((line) => /^\d+\./.test(line)) ?? [];
  assert.deepEqual(
    suggestions.filter((line) => !/does not specify the "type" field/.test(line)),
    [],
    output,
  );
});

/** Entries that are ES modules only, by design (browser builds, editor adapters, init entries):
 * `require` of them fails before Node 22, which attw reports as CJSResolvesToESM under node16-cjs. */
const ESM_ONLY = ["./web", "./init", "./job/init", "./editor/init", "./codemirror", "./monaco"];
/** Not JavaScript: the wasm files are exported for bundlers to give `init` a URL; no types apply. */
const NOT_MODULES = ["./nosana_deployments_bg.wasm", "./job.wasm", "./editor.wasm"];

test("Are The Types Wrong finds no problem in any entry under any module resolution", () => {
  const result = runToFile(bin("attw"), [
    "--no-definitely-typed",
    "--format",
    "json",
    "--exclude-entrypoints",
    ...NOT_MODULES,
    "--",
    tarball,
  ]);
  const report = JSON.parse(result.stdout);
  const problems = report.analysis?.problems ?? [];
  const entries = Object.keys(report.analysis?.entrypoints ?? {});
  // Every public entry was analysed (a silently skipped entry would pass vacuously).
  for (const entry of [".", "./job", "./editor", ...ESM_ONLY]) {
    assert.ok(entries.includes(entry), `attw did not analyse ${entry}: ${entries.join(", ")}`);
  }
  const expected = (p) =>
    p.kind === "CJSResolvesToESM" && p.resolutionKind === "node16-cjs" && ESM_ONLY.includes(p.entrypoint);
  assert.deepEqual(
    problems
      .filter((p) => !expected(p))
      .map((p) => `${p.kind} ${p.entrypoint ?? ""} ${p.resolutionKind ?? ""} ${p.fileName ?? ""}`.trim()),
    [],
    "attw problems",
  );
  // The dual entries, which `require` must load, have no problem at all.
  assert.deepEqual(
    problems.filter((p) => p.entrypoint === "." || p.entrypoint === "./job" || p.entrypoint === "./editor"),
    [],
  );
});

test("the tarball has the licence and the metadata the npm page shows", () => {
  const files = packed.files.map((f) => f.path);
  assert.ok(files.includes("LICENSE"), files.join(", "));
  assert.ok(files.includes("README.md"));
  assert.match(
    readFileSync(join(ROOT, "LICENSE"), "utf8"),
    /^MIT License\n\nCopyright \(c\) \d{4} nosana-deployments contributors\n/,
  );
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  assert.equal(pkg.license, "MIT");
  const home = "https://github.com/nosana-ci/nosana-deployments";
  assert.equal(pkg.repository.url, `git+${home}.git`);
  assert.ok(pkg.homepage.startsWith(home), pkg.homepage);
  assert.equal(pkg.bugs.url, `${home}/issues`);
  assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.length > 0);
});

test("every link in the README works on the npm page: absolute, into the repository's files that exist", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)|(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  assert.ok(links.length > 5, "the README has links");
  const blob = "https://github.com/nosana-ci/nosana-deployments/blob/main/";
  const raw = "https://raw.githubusercontent.com/nosana-ci/nosana-deployments/main/";
  for (const link of links) {
    if (link.startsWith("#")) continue;
    assert.match(link, /^https?:\/\//, `a relative link does not work on the npm page: ${link}`);
    // A link into this repository must name a file that exists in it.
    const inRepo = [blob, raw].find((prefix) => link.startsWith(prefix));
    if (inRepo) {
      const file = link.slice(inRepo.length).split("#")[0];
      assert.ok(existsSync(join(ROOT, file)), `README links to ${file}, which is not in the repository`);
    }
  }
});
