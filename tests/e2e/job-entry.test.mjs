// `nosana-deployments/job` in a real headless Chromium: js/job-web.mjs fetches and instantiates the
// job-definition-only wasm (pkg/job-web) with top-level await, exports only the job surface, and
// reports what the Node build reports.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { startPlayground } from "../../scripts/start.mjs";
import { launchChromium } from "./browser.mjs";

const nodeJob = createRequire(import.meta.url)("../../pkg/job-node/nosana_deployments.js");
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

test("js/job-web.mjs loads the job-only wasm and validates as the Node build does", { timeout: 60_000 }, async () => {
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (err) => errors.push(err.message));
  // A page of the same origin that loads nothing else (the playground itself loads js/web.mjs).
  await tab.goto(new URL("/config.json", pg.url).href);
  const result = await tab.evaluate(async (texts) => {
    const lib = await import("/js/job-web.mjs");
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
  }, TEXTS);
  assert.deepEqual(result.wasm, ["/pkg/job-web/nosana_deployments_bg.wasm"]);
  assert.deepEqual(result.exports, [
    "applyFixes",
    "completionsAt",
    "deploymentJsonSchema",
    "hoverAt",
    "initSync",
    "jobDefinitionJsonSchema",
    "jobDefinitionStandardSchema",
    "listRules",
    "validateJobDefinition",
    "version",
  ]);
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
