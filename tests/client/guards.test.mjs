// Local guards: what the server would refuse is refused before anything is sent (counted at the
// sandbox), and the server's own refusals map to the same typed errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeploymentsClient } from "nosana-deployments";
import { createBody, environment, jobDefinition, newKey, rejectsWith } from "./helpers.mjs";

test("actions the known status forbids are refused locally; nothing is sent", async (t) => {
  const env = await environment(t);
  const { wallet } = newKey();
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });
  const d = await client.create(createBody()); // DRAFT, seen by this client
  env.requests.length = 0;
  for (const [action, call] of [
    ["stop", () => client.stop(d.id)],
    ["archive", () => client.archive(d.id)],
    ["delete", () => client.delete(d.id)],
  ]) {
    const err = await rejectsWith(call(), "InvalidStateError", "INVALID_STATE");
    assert.equal(err.status, "DRAFT");
    assert.equal(err.deploymentStatus, "DRAFT");
    assert.equal(err.action, action);
    assert.equal(err.httpStatus, undefined);
  }
  // the caller's own status
  const err = await rejectsWith(client.updateTimeout(d.id, 90, { status: "ARCHIVED" }), "ArchivedError", "ARCHIVED");
  assert.equal(err.action, "updateTimeout");
  await rejectsWith(client.start(d.id, { status: "RUNNING" }), "InvalidStateError", "INVALID_STATE");
  await rejectsWith(client.tasks(d.id, {}, { status: "ARCHIVED" }), "ArchivedError", "ARCHIVED");
  // bad ids and filters never leave the client either
  await rejectsWith(client.get("short"), "TypeError", "INVALID_ARGUMENT");
  await rejectsWith(client.list({ limit: 15 }), "TypeError", "INVALID_ARGUMENT");
  await rejectsWith(client.jobs(d.id, { revision: 1 }), "TypeError", "INVALID_ARGUMENT");
  assert.throws(() => client.listAll({ sortOrder: "up" }), { name: "TypeError" });
  assert.deepEqual(env.requests, []);
  // allowed actions go through and update what the client knows
  await client.start(d.id);
  assert.equal(env.count("/start"), 1);
});

test("the server's refusals map to InvalidStateError and ArchivedError", { timeout: 15_000 }, async (t) => {
  const env = await environment(t, { timeScale: 1000 });
  const { wallet } = newKey();
  // knownStatusTtlMs: 0 — trust nothing locally, let the server decide
  const client = new DeploymentsClient({ baseUrl: env.url, wallet, knownStatusTtlMs: 0 });
  const d = await client.create(createBody({ timeout: 1 }));
  let err = await rejectsWith(client.stop(d.id), "InvalidStateError", "INVALID_STATE");
  assert.equal(err.status, 500);
  assert.equal(err.serverMessage, "Deployment is in the incorrect state.");
  assert.equal(err.action, "stop");
  assert.equal(env.count("/stop"), 1);
  await client.start(d.id);
  await client.waitForStatus(d.id, "STOPPED", { intervalMs: 20 });
  await client.archive(d.id);
  err = await rejectsWith(client.updateReplicaCount(d.id, 3), "ArchivedError", "ARCHIVED");
  assert.equal(err.serverMessage, "Cannot modify an archived deployment.");
  await rejectsWith(client.archive(d.id), "ArchivedError", "ARCHIVED");
});

test("invalid bodies are refused locally with the deployment rules' issues", async (t) => {
  const env = await environment(t);
  const { wallet } = newKey();
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });
  const d = await client.create(createBody());
  env.requests.length = 0;
  const bad = [
    () => client.create(createBody({ replicas: 0 })),
    () => client.create(createBody({ strategy: "SCHEDULED" })),
    () => client.create(createBody({ job_definition: { version: "0.1", type: "container" } })),
    () => client.updateTimeout(d.id, 30),
    () => client.updateSchedule(d.id, "61 * * * *"),
    () => client.createRevision(d.id, { ...jobDefinition(), unknownKey: 1 }),
    () => client.rename(d.id, ""),
  ];
  for (const call of bad) {
    const err = await rejectsWith(call(), "ValidationError", "INVALID_REQUEST");
    assert.ok(Array.isArray(err.issues) && err.issues.length > 0);
    assert.equal(typeof err.issues[0].code, "string");
    assert.equal(typeof err.issues[0].pointer, "string");
  }
  assert.deepEqual(env.requests, [], "nothing was sent");
});
