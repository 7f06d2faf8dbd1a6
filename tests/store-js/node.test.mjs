// DeploymentStore in the real Node runtime against the real sandbox over loopback HTTP: the
// snapshot contract, loading → ready, a live update from the stream, deletion and archival
// elsewhere, an optimistic start rolled back with the server's error, polling when streams fail,
// dispose. The sandbox clock is frozen (`timeScale: 0`) and moved with `advance`; every wait is on
// a condition.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  actionLabel,
  allowedActions,
  DeploymentStore,
  DeploymentsClient,
  explainError,
  registerLocale,
  statusLabel,
} from "nosana-deployments";
import { createBody, environment, newKey, until } from "../client/helpers.mjs";

async function setup(t, storeOptions = {}) {
  const env = await environment(t, { timeScale: 0 });
  const { wallet } = newKey();
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });
  // "Another client": the same owner acting from elsewhere.
  const other = new DeploymentsClient({ baseUrl: env.url, wallet });
  const store = new DeploymentStore({ client, pollIntervalMs: 50, ...storeOptions });
  t.after(() => store.dispose());
  const view = (id) => store.getSnapshot().deployments[id];
  return { env, client, other, store, view };
}

/** Drives `id` to STOPPED through `client` (the sandbox worker ticks in real time). */
async function stopped(client, id) {
  await client.start(id);
  await client.waitForStatus(id, "RUNNING", { intervalMs: 20, timeoutMs: 8000 });
  await client.stop(id);
  await client.waitForStatus(id, "STOPPED", { intervalMs: 20, timeoutMs: 8000 });
}

test("the snapshot is one object until something changes, and the list goes loading → ready", async (t) => {
  const { env, client, store } = await setup(t);
  const older = await client.create(createBody({ name: "older" }));
  env.sb.advance(1000);
  const newer = await client.create(createBody({ name: "newer" }));
  const first = store.getSnapshot();
  assert.equal(store.getSnapshot(), first, "same object while nothing changed");
  assert.equal(first.list.state, "idle");
  assert.equal(first.live, "off");
  let calls = 0;
  const unsubscribe = store.subscribe(() => calls++);
  const loading = store.loadList();
  const during = store.getSnapshot();
  assert.notEqual(during, first);
  assert.ok(during.version > first.version);
  assert.equal(during.list.state, "loading", "at once, before any answer");
  assert.equal(during.list.data, undefined);
  await loading;
  const ready = store.getSnapshot();
  assert.equal(ready.list.state, "ready");
  assert.deepEqual(ready.list.data, [newer.id, older.id], "newest first");
  assert.equal(ready.deployments[older.id].deployment.data.name, "older");
  assert.deepEqual(ready.deployments[older.id].allowedActions.slice(0, 1), ["start"]);
  assert.equal(ready.deployments[older.id].jobs.state, "idle", "not opened: lists not loaded");
  assert.ok(calls >= 2, "told of loading and of ready");
  assert.ok(Object.isFrozen(ready) && Object.isFrozen(ready.deployments[older.id]));
  // Refreshing keeps the data; an unchanged deployment keeps its view object.
  const again = store.loadList();
  assert.equal(store.getSnapshot().list.state, "refreshing");
  assert.deepEqual(store.getSnapshot().list.data, [newer.id, older.id]);
  await again;
  unsubscribe();
  const seen = calls;
  await store.loadList();
  assert.equal(calls, seen, "unsubscribed");
});

test("open loads detail, jobs, events and revisions; start is optimistic; the stream brings RUNNING", async (t) => {
  // No check of the deployment within the test: what changes comes from the stream alone.
  const { env, client, store, view } = await setup(t, { pollIntervalMs: 600_000 });
  const d = await client.create(createBody());
  const release = store.open(d.id);
  t.after(release);
  assert.equal(view(d.id).deployment.state, "loading");
  await until(() => ["deployment", "jobs", "events", "revisions"].every((k) => view(d.id)[k].state === "ready"));
  assert.equal(view(d.id).deployment.data.status, "DRAFT");
  assert.deepEqual(view(d.id).jobs.data, [], "loaded and empty: not 'loading'");
  assert.equal(view(d.id).revisions.data[0].revision, 1);
  await until(() => store.getSnapshot().live === "open", 5000, "the stream open");
  const starting = store.perform(d.id, "start");
  assert.deepEqual(view(d.id).pending, { action: "start", optimisticStatus: "STARTING" }, "shown at once");
  assert.equal(view(d.id).deployment.data.status, "STARTING");
  assert.deepEqual(view(d.id).allowedActions, [], "nothing else while pending");
  await starting;
  assert.equal(view(d.id).pending, undefined);
  assert.equal(view(d.id).deployment.data.status, "STARTING");
  const before = env.count("GET /deployments/");
  // The worker moves it to RUNNING; only the stream tells the store (no GET of the deployment).
  await until(() => view(d.id).deployment.data.status === "RUNNING", 8000, "RUNNING from the stream");
  await until(() => view(d.id).jobs.data[0]?.state === "QUEUED", 8000, "the queued job from the stream");
  env.sb.advance(30_000); // a node picks it up
  await until(() => view(d.id).jobs.data[0]?.state === "RUNNING", 8000, "the running job from the stream");
  assert.equal(view(d.id).jobs.data.length, 1);
  assert.ok(view(d.id).allowedActions.includes("stop"));
  assert.ok(!view(d.id).allowedActions.includes("start"));
  assert.equal(
    env.requests.slice(before).filter((r) => r === `GET /deployments/${d.id}`).length,
    0,
    "live, not polled",
  );
  assert.ok(store.getSnapshot().serverTimeOffsetMs !== 0, "measured from the server's timestamps");
});

test("a deployment that did not change keeps its view object across snapshots", async (t) => {
  const { client, store, view } = await setup(t, { live: false });
  const quiet = await client.create(createBody({ name: "quiet" }));
  const busy = await client.create(createBody({ name: "busy" }));
  await store.loadList();
  const before = store.getSnapshot();
  await store.perform(busy.id, "rename", { name: "renamed" });
  const after = store.getSnapshot();
  assert.notEqual(after, before);
  assert.equal(view(busy.id).deployment.data.name, "renamed");
  assert.notEqual(after.deployments[busy.id], before.deployments[busy.id]);
  assert.equal(after.deployments[quiet.id], before.deployments[quiet.id], "same object: memoised rows skip it");
  assert.equal(after.list, before.list, "the list did not change either");
});

test("a start the server refuses rolls back with the server's error", async (t) => {
  const { env, client, store, view } = await setup(t);
  const d = await client.create(createBody());
  t.after(store.open(d.id));
  await until(() => view(d.id).deployment.state === "ready");
  env.sb.setFaults([{ type: "status", route: `POST /deployments/${d.id}/start`, status: 500, count: 1 }]);
  const attempt = store.perform(d.id, "start");
  assert.equal(view(d.id).deployment.data.status, "STARTING", "optimistic");
  const err = await attempt.then(
    () => assert.fail("resolved"),
    (e) => e,
  );
  assert.equal(err.name, "ServerError");
  assert.equal(view(d.id).deployment.data.status, "DRAFT", "rolled back");
  assert.equal(view(d.id).pending, undefined);
  assert.equal(view(d.id).lastError.code, err.code);
  assert.equal(view(d.id).lastError.name, "ServerError");
  assert.ok(view(d.id).allowedActions.includes("start"), "can try again");
  assert.equal(explainError(err).summary, "The server failed to handle the request.");
  // Refused by the state machine before anything is sent.
  const sent = env.requests.length;
  await assert.rejects(store.perform(d.id, "stop"), { name: "InvalidStateError" });
  assert.equal(env.requests.length, sent);
  assert.equal(view(d.id).lastError.code, "INVALID_STATE");
});

test("deleted elsewhere: the open deployment becomes gone and leaves the list", async (t) => {
  const { client, other, store, view } = await setup(t);
  const d = await client.create(createBody());
  await stopped(other, d.id);
  await store.loadList();
  t.after(store.open(d.id));
  await until(() => view(d.id).deployment.state === "ready" && view(d.id).deployment.data.status === "STOPPED");
  await until(() => store.getSnapshot().live === "open", 5000, "the stream open");
  await other.delete(d.id);
  await until(() => view(d.id).deployment.state === "gone", 8000, "gone");
  assert.equal(view(d.id).deployment.data.id, d.id, "the last known value is kept");
  assert.deepEqual(view(d.id).allowedActions, [], "no live buttons on a deleted deployment");
  assert.ok(!store.getSnapshot().list.data.includes(d.id));
  assert.equal(store.getSnapshot().live, "off", "nothing left to follow");
});

test("archived elsewhere: gone, with the ARCHIVED data", async (t) => {
  const { client, other, store, view } = await setup(t);
  const d = await client.create(createBody());
  await stopped(other, d.id);
  t.after(store.open(d.id));
  await until(() => view(d.id).deployment.data?.status === "STOPPED" && store.getSnapshot().live === "open");
  await other.archive(d.id);
  await until(() => view(d.id).deployment.state === "gone", 8000, "gone");
  assert.equal(view(d.id).deployment.data.status, "ARCHIVED");
  assert.deepEqual(view(d.id).allowedActions, allowedActions("ARCHIVED"), "what an archived deployment allows");
});

test("streams that keep failing: polling, then back to the stream", async (t) => {
  const { env, client, other, store, view } = await setup(t);
  const d = await client.create(createBody());
  env.sb.setFaults([{ type: "status", route: `GET /deployments/${d.id}/stream`, status: 400 }]);
  t.after(store.open(d.id));
  await until(() => store.getSnapshot().live === "polling", 8000, "polling");
  await other.rename(d.id, "renamed elsewhere");
  await until(() => view(d.id).deployment.data.name === "renamed elsewhere", 8000, "seen by polling");
  env.sb.setFaults([]);
  await until(() => store.getSnapshot().live === "open", 8000, "the stream again");
});

test("dispose: later calls fail, listeners are no longer called, the snapshot stays readable", async (t) => {
  const { client, store } = await setup(t);
  const d = await client.create(createBody());
  store.open(d.id);
  await until(() => store.getSnapshot().live === "open");
  let calls = 0;
  store.subscribe(() => calls++);
  store.dispose();
  assert.equal(store.getSnapshot().live, "off");
  assert.throws(() => store.open(d.id), { name: "TypeError" });
  await assert.rejects(store.loadList(), { name: "TypeError" });
  await assert.rejects(store.refresh(), { name: "TypeError" });
  await assert.rejects(store.perform(d.id, "start"), { name: "TypeError" });
  assert.equal(calls, 0, "no listener called after dispose");
  store.dispose();
});

test("labels and error sentences, in English and in a registered locale", async (t) => {
  const { env, client } = await setup(t);
  assert.equal(statusLabel("INSUFFICIENT_FUNDS"), "Insufficient funds");
  assert.equal(actionLabel("updateReplicaCount"), "Change replica count");
  assert.throws(() => statusLabel("NOPE"), { name: "TypeError" });
  // A real client error from the sandbox, explained without reading its message.
  env.sb.setFaults([{ type: "status", route: "GET /deployments", status: 500, count: 5 }]);
  const err = await client.list().then(
    () => assert.fail("resolved"),
    (e) => e,
  );
  assert.deepEqual(explainError(err), {
    summary: "The server failed to handle the request.",
    advice: "Try again in a moment; if it keeps failing, the service may be down.",
    text: "The server failed to handle the request. Try again in a moment; if it keeps failing, the service may be down.",
  });
  const unreachable = new DeploymentsClient({ baseUrl: "http://127.0.0.1:9", retry: false });
  const network = await unreachable.list().then(
    () => assert.fail("resolved"),
    (e) => e,
  );
  assert.equal(explainError(network).summary, "The API could not be reached.");
  assert.match(explainError(network).advice, /API URL in Settings/);
  assert.equal(explainError("not an error").summary, "Something went wrong.");
  registerLocale("fr", {
    "status.RUNNING": "En cours",
    "error.network.summary": "L'API est injoignable.",
  });
  assert.equal(statusLabel("RUNNING", "fr-BE"), "En cours", "fr-BE falls back to fr");
  assert.equal(statusLabel("STOPPED", "fr"), "Stopped", "a missing key falls back to English");
  assert.equal(explainError(network, { locale: "fr" }).summary, "L'API est injoignable.");
  assert.throws(() => registerLocale("fr", { "status.RUNNIN": "x" }), { name: "TypeError" });
});

test("hostile or wrong arguments are TypeErrors, never a crash of the module", async (t) => {
  const { store } = await setup(t);
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error("hostile getter");
      },
    },
  );
  assert.throws(() => new DeploymentStore(), { name: "TypeError" });
  assert.throws(() => new DeploymentStore({ client: throwing }), { name: "TypeError" });
  assert.throws(() => new DeploymentStore({ client: { __storeCore() {} } }), {
    name: "TypeError",
    message: /DeploymentsClient/,
  });
  assert.throws(() => new DeploymentStore(throwing), { name: "TypeError" });
  assert.throws(() => store.subscribe(42), { name: "TypeError" });
  assert.throws(() => store.open(42), { name: "TypeError" });
  assert.throws(() => store.open("short"), { name: "TypeError" });
  await assert.rejects(store.perform("x", "fly"), { name: "TypeError" });
  assert.equal(explainError(throwing).summary, "Something went wrong.");
  // The module still works afterwards.
  assert.equal(store.getSnapshot().list.state, "idle");
});
