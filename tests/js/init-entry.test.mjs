// The init entries (`nosana-deployments/init`, `/job/init`, `/editor/init`): no top-level await,
// nothing loads until init()/initSync(), calls made before throw a clear Error, and once loaded they
// answer as the ready-to-use entries do. Each case that needs a fresh, uninitialised module runs in
// its own Node process (a module is evaluated once per process).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);
const full = require("nosana-deployments");
const job = require("nosana-deployments/job");
const editor = require("nosana-deployments/editor");
const JOB = JSON.stringify({
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "NGINX::bad", expose: 70000 } }],
});

/** Runs an ES module script in a fresh Node process at the repository root; returns its stdout lines. */
function fresh(script) {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

const entries = [
  { name: "nosana-deployments/init", glue: "pkg/node-esm/nosana_deployments.js", cjs: full },
  { name: "nosana-deployments/job/init", glue: "pkg/job-web/nosana_deployments.js", cjs: job },
  { name: "nosana-deployments/editor/init", glue: "pkg/editor-web/nosana_deployments.js", cjs: editor },
];

for (const { name, glue, cjs } of entries) {
  test(`${name}: every export throws a clear Error before init, and none loads the wasm on import`, () => {
    const script = `
      import * as lib from "${name}";
      const out = {};
      for (const [key, value] of Object.entries(lib)) {
        if (key === "init" || key === "initSync" || key === "default") continue;
        try { key === "DeploymentsClient" ? new value({ baseUrl: "http://127.0.0.1:9" }) : /^[A-Z]/.test(key) ? new value("{}") : value("{}"); out[key] = "no error"; }
        catch (e) { out[key] = e.constructor.name + " " + e.code + " " + /call init\\(\\) first/.test(e.message) + " " + e.message.includes(key); }
      }
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(fresh(script));
    // The error classes and their guards need no wasm: they work before init.
    const isErrorExport = (key) => /^(is)?[A-Z]\w*Error$/.test(key);
    const names = Object.keys(cjs).sort();
    assert.deepEqual(Object.keys(out).sort(), names);
    for (const key of names.filter((k) => !isErrorExport(k)))
      assert.equal(out[key], "Error NOT_INITIALISED true true", key);
    for (const key of names.filter(isErrorExport)) assert.equal(out[key], "no error", key);
  });

  test(`${name}: exports the glue's functions and classes, plus init and initSync`, async () => {
    const lib = await import(name);
    const glueExports = Object.keys(await import(new URL(`../../${glue}`, import.meta.url)))
      .filter((k) => k !== "default")
      .concat("init")
      .sort();
    assert.deepEqual(
      Object.keys(lib)
        .filter((k) => k !== "default")
        .sort(),
      glueExports,
    );
    assert.equal(lib.default, lib.init);
  });

  test(`${name}: init() with nothing reads the wasm from disk in Node, then answers as the CommonJS entry`, () => {
    const out = fresh(`
      import { init, validateJobDefinition } from "${name}";
      await init();
      await init(); // a second call is harmless
      console.log(JSON.stringify(validateJobDefinition(${JSON.stringify(JOB)})));`);
    assert.deepEqual(JSON.parse(out), cjs.validateJobDefinition(JOB));
  });
}

test("init takes bytes, a compiled WebAssembly.Module, a file: URL and a Response", () => {
  const wasm = new URL("../../pkg/job-web/nosana_deployments_bg.wasm", import.meta.url);
  const inputs = {
    bytes: `readFileSync(${JSON.stringify(fileURLToPath(wasm))})`,
    module: `new WebAssembly.Module(readFileSync(${JSON.stringify(fileURLToPath(wasm))}))`,
    fileUrl: `new URL(${JSON.stringify(wasm.href)})`,
    response: `new Response(readFileSync(${JSON.stringify(fileURLToPath(wasm))}), { headers: { "content-type": "application/wasm" } })`,
  };
  for (const [kind, input] of Object.entries(inputs)) {
    const out = fresh(`
      import { readFileSync } from "node:fs";
      import { init, version } from "nosana-deployments/job/init";
      await init(${input});
      console.log(version());`);
    assert.equal(out, job.version(), kind);
  }
});

test("initSync takes the bytes, and in Node nothing (the file next to the glue)", () => {
  const out = fresh(`
    import { readFileSync } from "node:fs";
    import * as whole from "nosana-deployments/init";
    import * as jobOnly from "nosana-deployments/job/init";
    whole.initSync();
    jobOnly.initSync(readFileSync("pkg/job-web/nosana_deployments_bg.wasm"));
    console.log(whole.nextStatus("RUNNING", "stop"), jobOnly.listRules().length);`);
  assert.equal(out, `${full.nextStatus("RUNNING", "stop")} ${job.listRules().length}`);
});

test("a failed init leaves the entry uninitialised, and a later init succeeds", () => {
  const out = fresh(`
    import { init, version } from "nosana-deployments/job/init";
    const failed = await init(new Uint8Array([0, 1, 2, 3])).then(() => "resolved", (e) => e.constructor.name);
    let before;
    try { version(); before = "no error"; } catch (e) { before = e.code; }
    await init();
    console.log(failed, before, version());`);
  assert.equal(out, `CompileError NOT_INITIALISED ${job.version()}`);
});

test("the Node init entry keeps secretKey and classes keep instanceof; the browser one refuses it", () => {
  const seed = JSON.stringify(Array(32).fill(7));
  const out = fresh(`
    import { readFileSync } from "node:fs";
    import * as node from "nosana-deployments/init";
    import * as web from "./js/init.mjs";
    await node.init();
    const client = new node.DeploymentsClient({ baseUrl: "http://127.0.0.1:9", secretKey: new Uint8Array(${seed}) });
    let initSyncWithout;
    try { web.initSync(); } catch (e) { initSyncWithout = e.constructor.name; }
    web.initSync(readFileSync("pkg/web/nosana_deployments_bg.wasm"));
    let refused;
    try { new web.DeploymentsClient({ baseUrl: "http://127.0.0.1:9", secretKey: new Uint8Array(${seed}) }); } catch (e) { refused = e.code; }
    console.log(client instanceof node.DeploymentsClient, client.address, initSyncWithout, refused);`);
  const expected = new full.DeploymentsClient({ baseUrl: "http://127.0.0.1:9", secretKey: new Uint8Array(32).fill(7) });
  assert.equal(out, `true ${expected.address} TypeError INVALID_ARGUMENT`);
});

test("the wasm files are exported by path, and are the ones the browser entries load", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  assert.equal(pkg.exports["./nosana_deployments_bg.wasm"], "./pkg/web/nosana_deployments_bg.wasm");
  assert.equal(pkg.exports["./job.wasm"], "./pkg/job-web/nosana_deployments_bg.wasm");
  assert.equal(pkg.exports["./editor.wasm"], "./pkg/editor-web/nosana_deployments_bg.wasm");
  assert.match(
    readFileSync(new URL("../../js/web.mjs", import.meta.url), "utf8"),
    /pkg\/web\/nosana_deployments_bg\.wasm/,
  );
  assert.match(
    readFileSync(new URL("../../js/job-web.mjs", import.meta.url), "utf8"),
    /pkg\/job-web\/nosana_deployments_bg\.wasm/,
  );
  assert.match(
    readFileSync(new URL("../../js/editor-web.mjs", import.meta.url), "utf8"),
    /pkg\/editor-web\/nosana_deployments_bg\.wasm/,
  );
  assert.ok(require.resolve("nosana-deployments/job.wasm").endsWith("pkg/job-web/nosana_deployments_bg.wasm"));
  assert.ok(require.resolve("nosana-deployments/editor.wasm").endsWith("pkg/editor-web/nosana_deployments_bg.wasm"));
});

test("the init entries' declarations type-check under nodenext, node16 and bundler resolution", () => {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const fixture = join(ROOT, "tests", "js", "init-entry-types.mts");
  for (const [module, resolution] of [
    ["nodenext", "nodenext"],
    ["node16", "node16"],
    ["esnext", "bundler"],
  ]) {
    const args = ["--noEmit", "--strict", "--exactOptionalPropertyTypes", "--target", "es2022", "--lib", "es2022,dom"];
    const result = spawnSync(
      process.execPath,
      [tsc, ...args, "--module", module, "--moduleResolution", resolution, fixture],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(result.status, 0, `${resolution}: ${result.stdout}${result.stderr}`);
  }
});
