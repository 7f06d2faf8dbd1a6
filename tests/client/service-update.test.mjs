// The addendum's routes (§3) end to end against the sandbox: each client call is checked against
// what reached the server (method, path, body and content type, from the sandbox's request log),
// plus the retry-safe create, waitForEndpoint and the "older server" answer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeploymentsClient, describeEventType } from "nosana-deployments";
import { testStart } from "../../sandbox/testkit.mjs";
import { MARKET, createBody, environment, newKey, rejectsWith } from "./helpers.mjs";

const SECOND = 1000;
// Real public keys (ssh-keygen; the private halves were thrown away), as in tests/ssh_keys.rs.
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519";
const ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA59lpvF5hlTFr4KV94l2a6dBWbadhcPUG5rqWN6tbur3gWRx/PKIO3zkfHmTsT1xsuMBPfYMbvPoeBTYsveFwM= test@ecdsab256";
const OTHER_MARKET = "7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq";

async function setup(t, sandboxOptions = {}) {
  const env = await environment(t, { timeScale: 0, startAt: testStart(), ...sandboxOptions });
  const { wallet } = newKey();
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });
  /** The API requests the sandbox saw since the last call, without the auth headers. */
  let seen = 0;
  const sent = () => {
    const all = env.sb.requests.slice(seen);
    seen = env.sb.requests.length;
    return all.map(({ method, path, query, contentType, body }) => ({ method, path, query, contentType, body }));
  };
  return { env, client, sent };
}

const request = (method, path, body = null, query = {}) => ({
  method, path, query, contentType: body === null ? null : "application/json", body,
});

test("every route of the addendum: the exact method, path, body and content type", { timeout: 60_000 }, async (t) => {
  const { client, sent } = await setup(t);
  const d = await client.create(createBody({ strategy: "INFINITE", timeout: 60, rotation_time: 20, idempotency_key: "tour:1" }));
  sent();
  const base = `/deployments/${d.id}`;

  assert.deepEqual(await client.sshKeys(d.id), { public_keys: [] });
  assert.deepEqual(sent(), [request("GET", `${base}/ssh-keys`)]);

  // Keys with the same type and blob go once, trimmed; the comment does not make another key.
  const added = await client.addSshKeys(d.id, [`  ${ED25519}\n`, ECDSA, ED25519.replace("test@ed25519", "other")]);
  assert.deepEqual(added.public_keys, [ED25519, ECDSA]);
  assert.deepEqual(added.jobs, []);
  assert.deepEqual(sent(), [request("POST", `${base}/ssh-keys`, { public_keys: [ED25519, ECDSA] })]);

  const revoked = await client.revokeSshKeys(d.id, [ECDSA]);
  assert.deepEqual(revoked.public_keys, [ED25519]);
  assert.deepEqual(sent(), [request("DELETE", `${base}/ssh-keys`, { public_keys: [ECDSA] })]);

  const market = await client.updateMarket(d.id, OTHER_MARKET);
  assert.equal(market.market, OTHER_MARKET);
  assert.deepEqual(sent(), [request("PATCH", `${base}/update-market`, { market: OTHER_MARKET })]);

  const requirements = { gpu: "RTX 4090", vram: 24, cuda: true };
  const req = await client.updateRequirements(d.id, { market: MARKET, requirements });
  assert.deepEqual([req.requirements, req.market], [requirements, MARKET]);
  assert.deepEqual(sent(), [request("PATCH", `${base}/update-requirements`, { market: MARKET, requirements })]);
  assert.deepEqual((await client.get(d.id)).requirements, requirements);
  sent();

  const startup = await client.updateStartupTimeout(d.id, 15);
  assert.equal(startup.startup_timeout, 15);
  assert.deepEqual(sent(), [request("PATCH", `${base}/update-startup-timeout`, { startup_timeout: 15 })]);

  const copy = await client.duplicate(d.id, { name: "tour copy", autostart: false });
  assert.notEqual(copy.id, d.id);
  assert.deepEqual([copy.name, copy.status, copy.strategy, copy.startup_timeout], ["tour copy", "DRAFT", "INFINITE", 15]);
  assert.ok(copy.endpoints.length > 0 && copy.endpoints.every((e) => e.online === false));
  assert.deepEqual(sent(), [request("POST", `${base}/duplicate`, { name: "tour copy", autostart: false })]);
  assert.deepEqual(await client.sshKeys(copy.id), { public_keys: [ED25519] }, "the copy has the keys");
  sent();

  const found = await client.list({ idempotency_key: "tour:1" });
  assert.deepEqual(found.deployments.map((x) => x.id), [d.id]);
  assert.deepEqual(sent(), [request("GET", "/deployments", null, { idempotency_key: "tour:1" })]);
});

test("duplicate and listing keys work on an ARCHIVED deployment; the rest is refused locally", { timeout: 60_000 }, async (t) => {
  const { client, sent } = await setup(t);
  const d = await client.create(createBody());
  await client.start(d.id);
  await client.waitForStatus(d.id, "RUNNING", { intervalMs: 20, timeoutMs: 8000 });
  await client.stop(d.id);
  await client.waitForStatus(d.id, "STOPPED", { intervalMs: 20, timeoutMs: 8000 });
  await client.archive(d.id);
  sent();
  const archived = { status: "ARCHIVED" };
  for (const call of [
    () => client.addSshKeys(d.id, [ED25519], archived),
    () => client.revokeSshKeys(d.id, [ED25519], archived),
    () => client.updateMarket(d.id, OTHER_MARKET, archived),
    () => client.updateRequirements(d.id, { market: MARKET, requirements: null }, archived),
    () => client.updateStartupTimeout(d.id, 5, archived),
  ]) {
    await rejectsWith(call(), "ArchivedError", "ARCHIVED");
  }
  assert.deepEqual(sent(), [], "nothing was sent");
  assert.deepEqual(await client.sshKeys(d.id, archived), { public_keys: [] });
  const copy = await client.duplicate(d.id, undefined, archived);
  assert.equal(copy.status, "DRAFT");
  assert.equal(copy.name, "web (copy)");
  assert.deepEqual(sent().map((r) => `${r.method} ${r.path}`), [`GET /deployments/${d.id}/ssh-keys`, `POST /deployments/${d.id}/duplicate`]);
});

test("every new call validates its input first: a ValidationError and nothing sent", async (t) => {
  const { client, sent } = await setup(t);
  const d = await client.create(createBody());
  sent();
  const invalid = [
    client.addSshKeys(d.id, ["ssh-dss AAAAB3NzaC1kc3MAAACBAP"]),
    client.revokeSshKeys(d.id, "not a list"),
    client.updateMarket(d.id, "not-a-key"),
    client.updateRequirements(d.id, { market: MARKET, requirements: {} }),
    client.updateRequirements(d.id, { requirements: { gpu: "x" } }),
    client.updateStartupTimeout(d.id, 0),
    client.duplicate(d.id, { name: "" }),
    client.create(createBody({ idempotency_key: "has spaces" })),
  ];
  for (const p of invalid) {
    const err = await rejectsWith(p, "ValidationError", "INVALID_REQUEST");
    assert.ok(Array.isArray(err.issues) && err.issues.length > 0, err.message);
  }
  await rejectsWith(client.list({ idempotency_key: "a b" }), "ValidationError", "INVALID_REQUEST");
  await rejectsWith(client.duplicate(d.id, { replicas: 3 }), "TypeError", "INVALID_ARGUMENT");
  assert.deepEqual(sent(), []);
});

test("a create whose answer is lost after commit is retried with its key: exactly one deployment, returned", { timeout: 30_000 }, async (t) => {
  const { env, client, sent } = await setup(t, { faults: [{ type: "drop-after-commit", route: "POST /deployments/create", count: 1 }] });
  const d = await client.create(createBody({ name: "lost once" }));
  assert.equal(d.name, "lost once");
  const requests = sent();
  const creates = requests.filter((r) => r.path === "/deployments/create");
  assert.equal(creates.length, 2, "the first answer was lost, so it was sent again");
  const key = creates[0].body.idempotency_key;
  assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(creates[1].body.idempotency_key, key, "the same key on the retry");
  assert.deepEqual(requests.at(-1), request("GET", "/deployments", null, { idempotency_key: key }), "the 409 was resolved by key");
  const all = await client.list();
  assert.deepEqual(all.deployments.map((x) => x.id), [d.id], "exactly one deployment");
  // Two creates without a key get two different keys.
  const again = await client.create(createBody({ name: "second" }));
  const next = sent().find((r) => r.path === "/deployments/create");
  assert.notEqual(next.body.idempotency_key, key);
  assert.notEqual(again.id, d.id);
  assert.equal(env.sb.requests.filter((r) => r.path === "/deployments/create").length, 3);
});

test("waitForEndpoint resolves once an endpoint is online, and ends on abort and on timeout", { timeout: 60_000 }, async (t) => {
  const { env, client } = await setup(t);
  const d = await client.create(createBody({ strategy: "INFINITE", timeout: 60, rotation_time: 20 }));
  await client.start(d.id);
  await client.waitForStatus(d.id, "RUNNING", { intervalMs: 20, timeoutMs: 8000 });
  assert.ok((await client.get(d.id)).endpoints.every((e) => e.online === false), "offline before the job runs");

  await rejectsWith(client.waitForEndpoint(d.id, { intervalMs: 20, timeoutMs: 150 }), "TimeoutError", "TIMEOUT");
  const controller = new AbortController();
  const aborted = client.waitForEndpoint(d.id, { intervalMs: 20, signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await rejectsWith(aborted, "AbortError", "ABORTED");

  const waiting = client.waitForEndpoint(d.id, { intervalMs: 20, timeoutMs: 8000 });
  env.sb.advance(30 * SECOND); // the job starts running on its node: its endpoint comes online
  const endpoint = await waiting;
  assert.equal(endpoint.online, true);
  assert.equal(endpoint.opId, "web");
  assert.ok((await client.get(d.id)).endpoints.some((e) => e.url === endpoint.url && e.online));
});

test("a 404 without 'Deployment not found.' on a new route is an older server: UnsupportedError", async (t) => {
  const { env, client } = await setup(t);
  const d = await client.create(createBody());
  env.sb.setFaults([{ type: "status", status: 404, route: "/update-market", body: JSON.stringify({ message: "Route PATCH not found", error: "Not Found", statusCode: 404 }) }]);
  const err = await rejectsWith(client.updateMarket(d.id, OTHER_MARKET), "UnsupportedError", "UNSUPPORTED");
  assert.match(err.message, /does not support update-market yet/);
  env.sb.setFaults([]);
  await rejectsWith(client.sshKeys("7Yq2hZJ3nE5mW8VZxXf6QKJ7c4fJ1dT9GmUoPr2sBQaL"), "NotFoundError", "DEPLOYMENT_NOT_FOUND");
});

test("the new event types are described in words", () => {
  assert.match(describeEventType("SSH_KEYS_UPDATED"), /SSH keys/);
  assert.match(describeEventType("JOB_RESERVE_SHORTFALL"), /waiting/);
  assert.ok(describeEventType("JOB_RESERVE_CONFIRMED"));
  assert.equal(describeEventType("NOT_A_TYPE"), undefined);
});
