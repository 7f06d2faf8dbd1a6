// `nosana-deployments/job` and `/editor` in a real headless Chromium: js/job-web.mjs (js/editor-web.mjs)
// fetches and instantiates its own wasm (pkg/job-web, pkg/editor-web) with top-level await, exports
// only its surface (the validator; plus the language service for /editor), and reports what the Node
// build reports.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { startPlayground } from "../../scripts/start.mjs";
import { launchChromium } from "./browser.mjs";

const require = createRequire(import.meta.url);
const VALIDATOR = ["initSync", "jobDefinitionStandardSchema", "listRules", "validateJobDefinition", "version"];
const LANGUAGE_SERVICE = ["applyFixes", "completionsAt", "deploymentJsonSchema", "hoverAt", "jobDefinitionJsonSchema"];
const ENTRIES = [
  { name: "job", node: require("../../pkg/job-node/nosana_deployments.js"), exports: VALIDATOR },
  {
    name: "editor",
    node: require("../../pkg/editor-node/nosana_deployments.js"),
    exports: [...VALIDATOR, ...LANGUAGE_SERVICE].sort(),
  },
];
const TEXTS = [
  '{"version":"0.1","type":"container","ops":[{"id":"web","type":"container/run","args":{"image":"nginx","expose":80}}]}',
  '{"version":"0.1","type":"container","ops":[{"id":"web","type":"container/run","args":{"image":42,"expose":80,}}]}',
  "{ broken",
];

let pg;
let browser;

before(async () => {
  pg = await startPlayground({ port: 0, sandbox: false });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await pg?.close();
});

for (const { name, node: nodeJob, exports } of ENTRIES) {
  test(`js/${name}-web.mjs loads its own wasm and validates as the Node build does`, { timeout: 60_000 }, async () => {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (err) => errors.push(err.message));
    // A page of the same origin that loads nothing else (the playground itself loads js/web.mjs).
    await tab.goto(new URL("/config.json", pg.url).href);
    const result = await tab.evaluate(
      async ([texts, entry]) => {
        const lib = await import(entry);
        const wasm = performance
          .getEntriesByType("resource")
          .map((e) => new URL(e.name).pathname)
          .filter((p) => p.endsWith(".wasm"));
        return {
          exports: Object.keys(lib).sort(),
          wasm,
          version: lib.version(),
          reports: texts.map((t) => lib.validateJobDefinition(t, { warnings: true })),
        };
      },
      [TEXTS, `/js/${name}-web.mjs`],
    );
    assert.deepEqual(result.wasm, [`/pkg/${name}-web/nosana_deployments_bg.wasm`]);
    assert.deepEqual(result.exports, exports);
    assert.equal(result.version, nodeJob.version());
    assert.deepEqual(
      result.reports,
      TEXTS.map((t) => nodeJob.validateJobDefinition(t, { warnings: true })),
    );
    assert.deepEqual(
      result.reports.map((r) => r.success),
      [true, false, false],
    );
    assert.deepEqual(errors, []);
  });
}
