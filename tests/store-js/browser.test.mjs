// DeploymentStore in a real headless Chromium: the browser build (`/js/web.mjs`), fetch and the
// deployment stream across origins to the real sandbox, a Web Crypto Ed25519 wallet in the page.
// Loading → ready, a live update from the stream, deletion by another client → gone, an
// optimistic start rolled back with the server's error (a sandbox fault), dispose. Every wait is
// on a condition in the page.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import bs58 from "bs58";
import { startPlayground } from "../../scripts/start.mjs";
import { launchChromium } from "../e2e/browser.mjs";
import { createBody, environment } from "../client/helpers.mjs";

let page;
let browser;

before(async () => {
  page = await startPlayground({ port: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await page?.close();
});

/** A tab with `store` (and `client`, `other`: two clients of one Web Crypto wallet) on `baseUrl`. */
async function storePage(baseUrl) {
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (err) => errors.push(err.message));
  await tab.goto(page.url);
  const raw = await tab.evaluate(async () => {
    const keys = await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
    globalThis.testKeys = keys;
    return [...new Uint8Array(await crypto.subtle.exportKey("raw", keys.publicKey))];
  });
  const address = bs58.encode(Uint8Array.from(raw));
  await tab.evaluate(
    async ({ baseUrl, address }) => {
      const lib = await import("/js/web.mjs");
      const wallet = {
        address,
        async signMessage(message) {
          return new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, globalThis.testKeys.privateKey, message));
        },
      };
      globalThis.lib = lib;
      globalThis.client = new lib.DeploymentsClient({ baseUrl, wallet });
      globalThis.other = new lib.DeploymentsClient({ baseUrl, wallet });
      globalThis.store = new lib.DeploymentStore({ client: globalThis.client, pollIntervalMs: 100 });
      globalThis.notified = 0;
      // Detached, as useSyncExternalStore takes them: bound to the store, the same on every read.
      const { subscribe } = globalThis.store;
      if (subscribe !== globalThis.store.subscribe) throw new Error("subscribe is not stable");
      subscribe(() => globalThis.notified++);
    },
    { baseUrl, address },
  );
  return { tab, errors };
}

/** Waits until `fn(arg)`, run in the page, is truthy (polling every 20 ms). */
const until = (tab, fn, arg) => tab.waitForFunction(fn, arg, { timeout: 10_000, polling: 20 });

test("loading → ready, a live update, deletion by another client → gone, dispose", { timeout: 60_000 }, async (t) => {
  const env = await environment(t, { timeScale: 0 });
  const { tab, errors } = await storePage(env.url);
  const id = await tab.evaluate(async (body) => (await globalThis.client.create(body)).id, createBody());
  const states = await tab.evaluate(async () => {
    const { getSnapshot } = globalThis.store;
    const loading = globalThis.store.loadList();
    const during = getSnapshot().list.state;
    await loading;
    const s = getSnapshot();
    return { during, after: s.list.state, ids: s.list.data, same: s === globalThis.store.getSnapshot() };
  });
  assert.deepEqual(states, { during: "loading", after: "ready", ids: [id], same: true });
  await tab.evaluate((id) => {
    globalThis.release = globalThis.store.open(id);
  }, id);
  await until(
    tab,
    (id) => ((s) => s.deployments[id].events.state === "ready" && s.live === "open")(globalThis.store.getSnapshot()),
    id,
  );
  // Started by the other client: the store hears it from the stream.
  await tab.evaluate((id) => globalThis.other.start(id), id);
  await until(
    tab,
    (id) => ((s) => s.deployments[id].deployment.data.status !== "DRAFT")(globalThis.store.getSnapshot()),
    id,
  );
  await until(
    tab,
    (id) => ((s) => s.deployments[id].deployment.data.status === "RUNNING")(globalThis.store.getSnapshot()),
    id,
  );
  const running = await tab.evaluate((id) => globalThis.store.getSnapshot().deployments[id].allowedActions, id);
  assert.ok(running.includes("stop") && !running.includes("start"));
  // Stopped, then deleted by the other client.
  await tab.evaluate(async (id) => {
    await globalThis.other.stop(id);
    await globalThis.other.waitForStatus(id, "STOPPED", { intervalMs: 20, timeoutMs: 8000 });
  }, id);
  await until(
    tab,
    (id) => ((s) => s.deployments[id].deployment.data.status === "STOPPED")(globalThis.store.getSnapshot()),
    id,
  );
  await tab.evaluate((id) => globalThis.other.delete(id), id);
  await until(tab, (id) => ((s) => s.deployments[id].deployment.state === "gone")(globalThis.store.getSnapshot()), id);
  const gone = await tab.evaluate((id) => {
    const s = globalThis.store.getSnapshot();
    return { actions: s.deployments[id].allowedActions, listed: s.list.data.includes(id), live: s.live };
  }, id);
  assert.deepEqual(gone, { actions: [], listed: false, live: "off" });
  const disposed = await tab.evaluate(async (id) => {
    const before = globalThis.notified;
    globalThis.store.dispose();
    let threw;
    try {
      globalThis.store.open(id);
    } catch (err) {
      threw = err.name;
    }
    return { threw, notified: globalThis.notified - before, live: globalThis.store.getSnapshot().live };
  }, id);
  assert.deepEqual(disposed, { threw: "TypeError", notified: 0, live: "off" });
  assert.deepEqual(errors, []);
  assert.deepEqual(env.violations(), []);
});

test("an optimistic start the server refuses rolls back with its error and a sentence", {
  timeout: 60_000,
}, async (t) => {
  const env = await environment(t, { timeScale: 0 });
  const { tab, errors } = await storePage(env.url);
  const id = await tab.evaluate(async (body) => (await globalThis.client.create(body)).id, createBody());
  await tab.evaluate((id) => {
    globalThis.release = globalThis.store.open(id);
  }, id);
  await until(tab, (id) => ((s) => s.deployments[id].deployment.state === "ready")(globalThis.store.getSnapshot()), id);
  env.sb.setFaults([{ type: "status", route: `POST /deployments/${id}/start`, status: 503, count: 1 }]);
  const result = await tab.evaluate(async (id) => {
    const store = globalThis.store;
    const attempt = store.perform(id, "start");
    const during = store.getSnapshot().deployments[id];
    let error;
    try {
      await attempt;
    } catch (err) {
      error = err;
    }
    const after = store.getSnapshot().deployments[id];
    return {
      optimistic: during.pending?.optimisticStatus,
      shown: during.deployment.data.status,
      rejected: error?.name,
      isError: error instanceof globalThis.lib.ServerError,
      rolledBack: after.deployment.data.status,
      lastError: after.lastError?.code === error?.code,
      allowed: after.allowedActions.includes("start"),
      sentence: globalThis.lib.explainError(after.lastError).summary,
    };
  }, id);
  assert.deepEqual(result, {
    optimistic: "STARTING",
    shown: "STARTING",
    rejected: "ServerError",
    isError: true,
    rolledBack: "DRAFT",
    lastError: true,
    allowed: true,
    sentence: "The service is unavailable right now.",
  });
  assert.deepEqual(errors, []);
});
