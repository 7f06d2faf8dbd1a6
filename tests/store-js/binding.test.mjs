// DeploymentStore's `subscribe` and `getSnapshot` as React and friends use them: detached, and the
// same function on every read (`useSyncExternalStore(store.subscribe, store.getSnapshot)` must not
// resubscribe on each render). Real Node runtime, real sandbox over loopback HTTP; every wait is on
// a condition.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { DeploymentStore, DeploymentsClient } from "nosana-deployments";
import { createBody, environment, newKey, until } from "../client/helpers.mjs";

const run = promisify(execFile);

async function setup(t) {
  const env = await environment(t, { timeScale: 0 });
  const client = new DeploymentsClient({ baseUrl: env.url, wallet: newKey().wallet });
  const store = new DeploymentStore({ client, pollIntervalMs: 50 });
  t.after(() => store.dispose());
  return { env, client, store };
}

/** A store that never reaches a network (nothing in these tests loads). */
function offlineStore() {
  const client = new DeploymentsClient({ baseUrl: "http://127.0.0.1:9", retry: false });
  return new DeploymentStore({ client });
}

test("subscribe and getSnapshot are the same functions on every read, one pair per store", () => {
  const store = offlineStore();
  const other = offlineStore();
  assert.equal(typeof store.subscribe, "function");
  assert.equal(typeof store.getSnapshot, "function");
  assert.equal(store.subscribe, store.subscribe);
  assert.equal(store.getSnapshot, store.getSnapshot);
  assert.notEqual(store.subscribe, other.subscribe);
  assert.notEqual(store.getSnapshot, other.getSnapshot);
  // Each detached function reads its own store, whatever `this` it is called with.
  assert.equal(store.getSnapshot.call(other), store.getSnapshot());
  assert.notEqual(store.getSnapshot.call(other), other.getSnapshot());
  store.free();
  other.free();
});

test("destructured subscribe and getSnapshot work detached: notified, unsubscribed, same snapshot", async (t) => {
  const { client, store } = await setup(t);
  const created = await client.create(createBody({ name: "detached" }));
  const { subscribe, getSnapshot } = store;
  const first = getSnapshot();
  assert.equal(getSnapshot(), first, "the same object while nothing changed");
  assert.equal(first, store.getSnapshot());
  let calls = 0;
  const unsubscribe = subscribe(() => calls++);
  assert.equal(typeof unsubscribe, "function");
  await store.loadList();
  assert.ok(calls >= 2, `notified of loading and ready (${calls} calls)`);
  const ready = getSnapshot();
  assert.notEqual(ready, first);
  assert.equal(ready, store.getSnapshot());
  assert.deepEqual(ready.list.data, [created.id]);
  unsubscribe();
  const before = calls;
  await store.refresh();
  assert.ok(getSnapshot().version > ready.version, "the refresh changed the snapshot");
  assert.equal(calls, before, "no call after unsubscribe");
});

test("React's call shape: subscribe(listener) → unsubscribe, getSnapshot() between renders", async (t) => {
  const { client, store } = await setup(t);
  await client.create(createBody());
  // What useSyncExternalStore does with the functions it was given, kept across "renders".
  const given = { subscribe: store.subscribe, getSnapshot: store.getSnapshot };
  let rendered = given.getSnapshot();
  const unsubscribe = given.subscribe(() => {
    rendered = given.getSnapshot();
  });
  for (let render = 0; render < 3; render++) {
    assert.equal(store.subscribe, given.subscribe, "React would resubscribe on a new function");
    assert.equal(store.getSnapshot, given.getSnapshot);
  }
  await store.loadList();
  await until(() => rendered.list.state === "ready", 5000, "the listener saw the ready list");
  assert.equal(rendered, store.getSnapshot());
  unsubscribe();
});

test("a listener that throws is reported as an unhandled rejection; the others still run", async () => {
  // In a process of its own: node:test fails whichever test is running on an unhandled rejection.
  const { stdout } = await run(process.execPath, [join(import.meta.dirname, "fixtures", "throwing-listener.mjs")], {
    timeout: 60_000,
  });
  const seen = JSON.parse(stdout);
  assert.ok(seen.calls >= 2, `the counting listener ran on every change (${seen.calls})`);
  assert.equal(seen.reported, seen.calls, "one rejection per call of the throwing listener");
  assert.equal(seen.sameError, true, "the listener's own error, reported as it was thrown");
  assert.equal(seen.list, "error");
});

test("after free(): the getters throw FREED, the detached functions throw a TypeError", () => {
  const store = offlineStore();
  const { subscribe, getSnapshot } = store;
  assert.equal(getSnapshot().list.state, "idle");
  store.free();
  assert.throws(() => store.getSnapshot, { code: "FREED" });
  assert.throws(() => store.subscribe, { code: "FREED" });
  assert.throws(() => getSnapshot(), { name: "TypeError", message: /freed/ });
  assert.throws(() => subscribe(() => {}), { name: "TypeError", message: /freed/ });
  store.free();
});

test("after dispose(): the detached getSnapshot still reads, subscribe adds no listener", async (t) => {
  const { client, store } = await setup(t);
  const d = await client.create(createBody());
  const { subscribe, getSnapshot } = store;
  store.dispose();
  let calls = 0;
  const unsubscribe = subscribe(() => calls++);
  unsubscribe();
  assert.equal(getSnapshot().live, "off");
  assert.throws(() => store.open(d.id), { name: "TypeError", message: /disposed/ });
  assert.equal(calls, 0);
});
