// What `npm start` serves loads the wasm module in a real headless Chromium.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startPlayground } from "../../scripts/start.mjs";
import { launchChromium } from "./browser.mjs";

let page;
let browser;

before(
  async () => {
    page = await startPlayground({ port: 0 });
    browser = await launchChromium();
  },
  { timeout: 90_000 },
);

after(
  async () => {
    await browser?.close();
    await page?.close();
  },
  { timeout: 30_000 },
);

test("the start page loads the module and shows its version", { timeout: 30_000 }, async () => {
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (err) => errors.push(err.message));
  const wasmRequests = [];
  tab.on("request", (r) => r.url().endsWith(".wasm") && wasmRequests.push(r.url()));
  const wasmResponse = tab.waitForResponse((r) => r.url().endsWith(".wasm"));
  await tab.goto(page.url);
  await tab.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  const shown = await tab.textContent("#version");
  assert.match(shown, /^\d+\.\d+\.\d+$/);
  const wasm = await wasmResponse;
  assert.equal(wasm.headers()["content-type"], "application/wasm");
  assert.equal(wasmRequests.length, 1, "the wasm module is fetched once");
  // Without a sandbox the page still works as a validator, and says it is not connected.
  await tab.waitForSelector('[data-testid="editor-status"][data-state="valid"]');
  assert.equal(await tab.textContent('[data-testid="connection"]'), "not connected");
  assert.deepEqual(errors, []);
});
