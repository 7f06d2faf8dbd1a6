// Injected faults: retries only for GET and only on network errors and 502/503/504; time limits;
// malformed bodies; aborts that end calls promptly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeploymentsClient } from "nosana-deployments";
import { createBody, environment, newKey, rejectsWith, until } from "./helpers.mjs";

async function setup(t, options = {}) {
  const env = await environment(t);
  const { wallet } = newKey();
  const client = new DeploymentsClient({
    baseUrl: env.url,
    wallet,
    retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
  // The setup's own create is not under test: a generous per-call limit, so a slow first request on
  // a loaded machine cannot fail a test that sets a short client-wide `timeoutMs`.
  const d = await client.create(createBody(), { timeoutMs: 30_000 });
  env.requests.length = 0;
  return { env, client, d };
}

test("a GET that meets 503s is retried until it succeeds", async (t) => {
  const { env, client, d } = await setup(t);
  env.sb.setFaults([{ type: "status", status: 503, route: "GET /deployments/", count: 2 }]);
  assert.equal((await client.get(d.id)).id, d.id);
  assert.equal(env.count("GET /deployments/"), 3);
});

test("502, 504 and dropped connections are retried too; retries are bounded", async (t) => {
  const { env, client, d } = await setup(t);
  env.sb.setFaults([
    { type: "status", status: 502, count: 1 },
    { type: "drop", count: 1 },
  ]);
  await client.get(d.id);
  assert.equal(env.count("GET"), 3);
  env.sb.setFaults([{ type: "status", status: 504, count: 1 }]);
  await client.get(d.id);
  assert.equal(env.count("GET"), 5);
  env.requests.length = 0;
  env.sb.setFaults([{ type: "status", status: 503 }]);
  const err = await rejectsWith(client.get(d.id), "ServerError", "SERVICE_UNAVAILABLE");
  assert.equal(err.status, 503);
  assert.equal(env.count("GET"), 3, "1 attempt + 2 retries");
});

test("POST, PATCH and DELETE are never retried, except a create, which carries its idempotency key", async (t) => {
  const { env, client, d } = await setup(t);
  env.sb.setFaults([{ type: "status", status: 503 }]);
  await rejectsWith(client.start(d.id), "ServerError", "SERVICE_UNAVAILABLE");
  await rejectsWith(client.rename(d.id, "x"), "ServerError", "SERVICE_UNAVAILABLE");
  env.sb.setFaults([{ type: "drop" }]);
  await rejectsWith(client.updateReplicaCount(d.id, 2), "NetworkError", "NETWORK_ERROR");
  assert.deepEqual(
    env.requests.map((r) => r.split(" ")[0]),
    ["POST", "PATCH", "PATCH"],
  );
  // A create is safe to repeat: the default policy tries it 3 times.
  env.sb.setFaults([{ type: "status", status: 503 }]);
  await rejectsWith(client.create(createBody()), "ServerError", "SERVICE_UNAVAILABLE");
  assert.equal(env.count("POST /deployments/create"), 3);
});

test("a 500 is not retried, even on GET", async (t) => {
  const { env, client, d } = await setup(t);
  env.sb.setFaults([{ type: "status", status: 500, count: 1 }]);
  const err = await rejectsWith(client.get(d.id), "ServerError", "SERVER_ERROR");
  assert.equal(err.serverMessage, "Internal Server Error");
  assert.equal(env.count("GET"), 1);
});

test("latency beyond the time limit is a TimeoutError, promptly", async (t) => {
  const { env, client, d } = await setup(t, { timeoutMs: 150 });
  env.sb.setFaults([{ type: "latency", ms: 2000 }]);
  const started = Date.now();
  const err = await rejectsWith(client.get(d.id), "TimeoutError", "TIMEOUT");
  const took = Date.now() - started;
  assert.ok(took >= 140 && took < 600, `took ${took} ms`);
  assert.match(err.message, /150 ms/);
  // per-call override
  env.sb.setFaults([{ type: "latency", ms: 300 }]);
  assert.equal((await client.get(d.id, { timeoutMs: 2000 })).id, d.id);
});

test("a malformed JSON body is a typed error, not a crash", async (t) => {
  const { env, client, d } = await setup(t);
  env.sb.setFaults([{ type: "malformed", count: 1 }]);
  const err = await rejectsWith(client.get(d.id), "ServerError", "INVALID_RESPONSE");
  assert.equal(err.status, 200);
  env.sb.setFaults([{ type: "content-type", body: "<html>oops</html>", count: 1 }]);
  await rejectsWith(client.list(), "ServerError", "INVALID_RESPONSE");
  // the module keeps working
  assert.equal((await client.get(d.id)).id, d.id);
});

test("no server at all is a NetworkError after the retries", async () => {
  const client = new DeploymentsClient({
    baseUrl: "http://127.0.0.1:9",
    secretKey: newKey().seed,
    retry: { retries: 1, baseDelayMs: 5 },
  });
  const err = await rejectsWith(client.list(), "NetworkError", "NETWORK_ERROR");
  assert.match(err.message, /GET http:\/\/127\.0\.0\.1:9\/deployments: no response/);
});

test("aborting a call ends it within 100 ms; an aborted signal sends nothing", async (t) => {
  const { env, client, d } = await setup(t);
  env.sb.setFaults([{ type: "latency", ms: 3000 }]);
  const controller = new AbortController();
  const sent = env.count(`GET /deployments/${d.id}`);
  const pending = client.get(d.id, { signal: controller.signal });
  // Abort while the request is in flight (it has reached the proxy; the sandbox holds it 3 s).
  await until(() => env.count(`GET /deployments/${d.id}`) > sent, 5000, "the request to be sent");
  const aborted = Date.now();
  controller.abort();
  await rejectsWith(pending, "AbortError", "ABORTED");
  assert.ok(Date.now() - aborted < 100);
  env.requests.length = 0;
  await rejectsWith(client.list({}, { signal: AbortSignal.abort() }), "AbortError", "ABORTED");
  assert.equal(env.requests.length, 0);
  await rejectsWith(client.get(d.id, { signal: "nope" }), "TypeError", "INVALID_ARGUMENT");
});
