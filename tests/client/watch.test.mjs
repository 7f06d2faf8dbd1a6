// waitForStatus and watch: polling and the SSE stream (read with fetch + ReadableStream), with
// reconnection after drops and prompt ends on abort or `break`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeploymentsClient } from "nosana-deployments";
import { createBody, environment, newKey, rejectsWith, until } from "./helpers.mjs";

async function setup(t, sandboxOptions = {}) {
  const env = await environment(t, sandboxOptions);
  const { wallet } = newKey();
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });
  return { env, client };
}

/** The types of the next `n` frames. */
async function nextTypes(iterator, n) {
  const types = [];
  for (let i = 0; i < n; i++) types.push((await iterator.next()).value.type);
  return types;
}

// A DRAFT deployment's snapshot (addendum §8): the deployment, the (empty) set of active jobs,
// then one frame per endpoint (createBody's job exposes one port).
const DRAFT_SNAPSHOT = ["deployment", "jobs", "endpoint"];

async function openStreams(env) {
  // The sandbox's control route closes every open stream and says how many there were.
  const res = await fetch(`${env.sb.url}/_sandbox/streams/reset`, { method: "POST" });
  return (await res.json()).closed;
}

test("watch yields the snapshot, then live frames", { timeout: 15_000 }, async (t) => {
  const { env, client } = await setup(t, { timeScale: 1000 });
  const d = await client.create(createBody({ timeout: 600 }));
  const frames = [];
  const iterator = client.watch(d.id);
  assert.equal(iterator[Symbol.asyncIterator](), iterator);
  const first = await iterator.next();
  assert.deepEqual(first.value, { type: "deployment", status: "DRAFT", replicas: 1, active_revision: 1 });
  assert.equal(env.openStreams(), 1, "the stream is open through the proxy");
  await client.start(d.id);
  for await (const f of iterator) {
    frames.push(f);
    if (f.type === "job" && f.state === "RUNNING") break;
  }
  assert.ok(frames.some((f) => f.type === "deployment" && f.status === "RUNNING"));
  assert.ok(frames.some((f) => f.type === "job" && f.state === "QUEUED"));
  assert.deepEqual(await iterator.next(), { value: undefined, done: true });
  // `break` closes the client's connection: the proxy in front of the sandbox sees it go. (Asking the
  // sandbox instead would race its own handling of the close, and its only count closes streams.)
  await until(() => env.openStreams() === 0, 5000, "break to close the stream");
});

test("a dropped stream reconnects and replays a fresh snapshot", { timeout: 15_000 }, async (t) => {
  const { env, client } = await setup(t);
  const d = await client.create(createBody());
  const iterator = client.watch(d.id);
  assert.deepEqual(await nextTypes(iterator, 3), DRAFT_SNAPSHOT);
  await client.rename(d.id, "after drop");
  await client.updateReplicaCount(d.id, 3); // changes a streamed field
  assert.equal((await iterator.next()).value.replicas, 3);
  assert.equal(await openStreams(env), 1); // the server drops every stream
  assert.deepEqual((await iterator.next()).value, { type: "reconnected" });
  assert.deepEqual((await iterator.next()).value, {
    type: "deployment",
    status: "DRAFT",
    replicas: 3,
    active_revision: 1,
  });
  assert.deepEqual((await iterator.next()).value, { type: "jobs", jobs: [] });
  const endpoint = (await iterator.next()).value;
  assert.deepEqual([endpoint.type, endpoint.opId, endpoint.online], ["endpoint", "web", false]);
  // an injected reset a little after connecting, and a 503 on reconnect: still back
  env.sb.setFaults([{ type: "sse-reset", ms: 20, count: 1 }]);
  await openStreams(env);
  assert.deepEqual(await nextTypes(iterator, 4), ["reconnected", ...DRAFT_SNAPSHOT]);
  env.sb.setFaults([{ type: "status", status: 503, route: "/stream", count: 2 }]);
  await openStreams(env);
  assert.deepEqual(await nextTypes(iterator, 4), ["reconnected", ...DRAFT_SNAPSHOT]);
  assert.ok(env.count("/stream") >= 6);
  await iterator.return();
});

test("aborting a watch ends it within 100 ms", async (t) => {
  const { env, client } = await setup(t);
  const d = await client.create(createBody());
  const controller = new AbortController();
  const iterator = client.watch(d.id, { signal: controller.signal });
  assert.deepEqual(await nextTypes(iterator, 3), DRAFT_SNAPSHOT);
  const pending = iterator.next(); // nothing more will come: it waits on the stream
  await new Promise((r) => setTimeout(r, 50));
  const aborted = Date.now();
  controller.abort();
  await rejectsWith(pending, "AbortError", "ABORTED");
  assert.ok(Date.now() - aborted < 100, `${Date.now() - aborted} ms`);
  await until(() => env.openStreams() === 0, 5000, "the abort to close the stream");
  // `return()` while a next() waits ends that next() as done
  const other = client.watch(d.id);
  assert.deepEqual(await nextTypes(other, 3), DRAFT_SNAPSHOT);
  const waiting = other.next();
  await other.return();
  assert.deepEqual(await waiting, { value: undefined, done: true });
  // a watch on an unknown deployment fails for good (no reconnect loop)
  await rejectsWith(
    client.watch("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin").next(),
    "NotFoundError",
    "DEPLOYMENT_NOT_FOUND",
  );
});

test("waitForStatus resolves with the deployment; times out; aborts within 100 ms", { timeout: 15_000 }, async (t) => {
  const { env, client } = await setup(t, { timeScale: 1000 });
  const d = await client.create(createBody({ timeout: 1 }));
  await client.start(d.id);
  const running = await client.waitForStatus(d.id, ["RUNNING", "STOPPED"], { intervalMs: 20 });
  assert.ok(["RUNNING", "STOPPED"].includes(running.status));
  const e = await client.create(createBody());
  const err = await rejectsWith(
    client.waitForStatus(e.id, "RUNNING", { timeoutMs: 150, intervalMs: 20 }),
    "TimeoutError",
    "TIMEOUT",
  );
  assert.equal(err.deploymentStatus, "DRAFT");
  const controller = new AbortController();
  const polled = env.count(`GET /deployments/${e.id}`);
  const pending = client.waitForStatus(e.id, "RUNNING", { signal: controller.signal, intervalMs: 1000 });
  // Abort during the wait between polls: after the first poll of this call was answered.
  await until(() => env.count(`GET /deployments/${e.id}`) > polled, 5000, "the first poll");
  const aborted = Date.now();
  controller.abort();
  await rejectsWith(pending, "AbortError", "ABORTED");
  assert.ok(Date.now() - aborted < 100);
});
