// Every user endpoint of the Deployments API through the built package, against the sandbox in
// strict mode (requests and responses checked against the service's OpenAPI document).
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeploymentsClient } from "nosana-deployments";
import { createBody, environment, jobDefinition, newKey, rejectsWith } from "./helpers.mjs";

const OTHER = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";

test("every user endpoint round-trips (spec §4 rows 1–23)", { timeout: 30_000 }, async (t) => {
  const env = await environment(t, { timeScale: 1000 });
  const { wallet } = newKey();
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });

  // 1. create, 3. get
  const d = await client.create(createBody({ name: "endpoint tour", replicas: 1, timeout: 600, strategy: "INFINITE" }));
  assert.equal(d.status, "DRAFT");
  assert.equal(d.strategy, "INFINITE");
  assert.equal(typeof d.rotation_time, "number");
  assert.deepEqual(await client.get(d.id), { ...d, active_jobs: 0 });

  // 2. list, with every filter
  const sched = await client.create(createBody({ name: "cron", strategy: "SCHEDULED", schedule: "0 * * * *", timeout: 5 }));
  const all = await client.list();
  assert.equal(all.pagination.total_items, 2);
  const filtered = await client.list({
    limit: 10, sortOrder: "asc", search: "TOUR", id: [d.id, sched.id], name: "endpoint tour",
    status: ["DRAFT"], strategy: "INFINITE", vault: d.vault,
    createdAfter: "2000-01-01T00:00:00.000Z", createdBefore: "2999-01-01T00:00:00.000Z",
  });
  assert.deepEqual(filtered.deployments.map((x) => x.id), [d.id]);
  assert.equal((await client.list({ status: "RUNNING" })).deployments.length, 0);

  // 8–13. updates
  assert.equal((await client.rename(d.id, "renamed")).name, "renamed");
  assert.equal((await client.updateReplicaCount(d.id, 2)).replicas, 2);
  assert.equal((await client.updateTimeout(d.id, 120)).timeout, 120);
  assert.equal((await client.updateSchedule(sched.id, "30 * * * *")).schedule, "30 * * * *");
  const rev = await client.createRevision(d.id, jobDefinition("web2"));
  assert.equal(rev.active_revision, 2);
  assert.equal(rev.revisions.length, 2);
  assert.equal((await client.updateActiveRevision(d.id, 1)).active_revision, 1);
  // 16. revisions
  const revisions = await client.revisions(d.id, { limit: 10, sortOrder: "asc", createdAfter: "2000-01-01T00:00:00Z" });
  assert.deepEqual(revisions.revisions.map((r) => r.revision), [1, 2]);

  // 4. start, then the worker lists jobs
  assert.equal((await client.start(d.id)).status, "STARTING");
  await client.waitForStatus(d.id, "RUNNING", { intervalMs: 20 });
  let jobs;
  for (let i = 0; i < 200; i++) {
    jobs = await client.jobs(d.id, { state: ["RUNNING"], limit: 10 });
    if (jobs.jobs.length === 2) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(jobs.jobs.length, 2);
  assert.equal(jobs.jobs[0].state, "RUNNING");
  // 14. jobs filters; 15. job detail with its state named
  assert.equal((await client.jobs(d.id, { job: jobs.jobs[0].job })).jobs.length, 1);
  const detail = await client.job(d.id, jobs.jobs[0].job);
  assert.equal(detail.state, "RUNNING");
  assert.equal(detail.state_code, 1);
  // 17. events, 18. tasks
  const events = await client.events(d.id, { category: "Event", type: ["JOB_LIST_CONFIRMED"] });
  assert.ok(events.events.length >= 1);
  assert.ok(events.events.every((e) => e.type === "JOB_LIST_CONFIRMED"));
  const tasks = await client.tasks(d.id, { task: "LIST", limit: 20 });
  assert.ok(Array.isArray(tasks.tasks));
  assert.equal(typeof tasks.pagination.total_items, "number");
  // 20. the vault-signed header
  const header = await client.header(d.id, { message: "HELLO", includeTime: true });
  assert.match(header.header, /^HELLO:[1-9A-HJ-NP-Za-km-z]{80,90}:\d+$/);
  assert.match((await client.header(d.id)).header, /^DEPLOYMENT_HEADER:/);

  // 5. stop, 6. archive
  assert.equal((await client.stop(d.id)).status, "STOPPING");
  await client.waitForStatus(d.id, ["STOPPED"], { intervalMs: 20 });
  assert.equal((await client.archive(d.id)).status, "ARCHIVED");
  // rename is the one update an archived deployment accepts
  assert.equal((await client.rename(d.id, "old")).name, "old");

  // 7. delete (a DRAFT cannot be deleted: start and stop it first)
  await client.start(sched.id);
  await client.waitForStatus(sched.id, "RUNNING", { intervalMs: 20 });
  await client.stop(sched.id);
  await client.waitForStatus(sched.id, "STOPPED", { intervalMs: 20 });
  assert.equal(await client.delete(sched.id), undefined);
  await rejectsWith(client.get(sched.id), "NotFoundError", "DEPLOYMENT_NOT_FOUND");

  // 21. vaults, 22. create vault (get or create), 23. withdraw
  const vaults = await client.vaults();
  assert.equal(vaults.length, 1);
  assert.equal(vaults[0].vault, d.vault);
  assert.deepEqual(await client.createVault(), vaults[0]);
  const w = await client.withdraw(d.vault, { SOL: 0.5 });
  assert.equal(typeof w.transaction, "string");
  assert.ok(Buffer.from(w.transaction, "base64").length > 64);

  // 19. the stream is covered in watch tests; everything above was valid for the strict sandbox
  assert.deepEqual(env.violations(), []);
  assert.equal(env.count("revision="), 0, "the broken revision filter is never sent");
});

test("the gateway prefix and the service prefix both work", async (t) => {
  const env = await environment(t);
  const { wallet } = newKey();
  const gateway = new DeploymentsClient({ baseUrl: `${env.url}/api`, wallet });
  const service = new DeploymentsClient({ baseUrl: env.url, pathPrefix: "/deployments", wallet });
  assert.equal(gateway.baseUrl, `${env.url}/api/deployments`);
  await gateway.list();
  await service.list();
  assert.deepEqual(env.requests, ["GET /api/deployments", "GET /deployments"]);
  // Without baseUrl (addendum §2): a wallet talks to the Deployment Manager itself, an API key to
  // the client manager; the dashboard gateway only when asked for.
  assert.equal(new DeploymentsClient().baseUrl, "https://deployment-manager.k8s.prd.nos.ci/deployments");
  assert.equal(new DeploymentsClient({ network: "devnet" }).baseUrl, "https://deployment-manager.k8s.dev.nos.ci/deployments");
  assert.equal(new DeploymentsClient({ apiKey: "nos_k" }).baseUrl, "https://client-manager.k8s.prd.nosana.com/deployments");
  assert.equal(new DeploymentsClient({ apiKey: "nos_k", network: "devnet" }).baseUrl, "https://client-manager.k8s.dev.nosana.com/deployments");
  assert.equal(new DeploymentsClient({ gateway: true }).baseUrl, "https://dashboard.k8s.prd.nos.ci/api/deployments");
  assert.equal(new DeploymentsClient({ gateway: true, network: "devnet" }).baseUrl, "https://dashboard.k8s.dev.nos.ci/api/deployments");
  assert.equal(new DeploymentsClient({ serviceUrl: "http://dm:3001" }).baseUrl, "http://dm:3001/deployments");
  assert.equal(new DeploymentsClient({ apiKey: "nos_k", clientManagerUrl: "http://cm:3002" }).baseUrl, "http://cm:3002/deployments");
  assert.equal(new DeploymentsClient().nodeDomain, "node.k8s.prd.nos.ci");
  assert.equal(new DeploymentsClient({ network: "devnet" }).nodeDomain, "node.k8s.dev.nos.ci");
  assert.equal(new DeploymentsClient({ nodeDomain: "nodes.example" }).nodeDomain, "nodes.example");
  assert.throws(() => new DeploymentsClient({ serviceUrl: "dm:3001" }), { name: "TypeError" });
  assert.throws(() => new DeploymentsClient({ nodeDomain: "https://x/" }), { name: "TypeError" });
});

test("listAll walks every page with the async iterator", { timeout: 60_000 }, async (t) => {
  const env = await environment(t);
  const { wallet } = newKey();
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });
  const made = [];
  for (let i = 0; i < 23; i++) made.push((await client.create(createBody({ name: `d${i}` }))).id);
  const seen = [];
  for await (const d of client.listAll({ limit: 10, sortOrder: "asc" })) seen.push(d.id);
  assert.deepEqual(seen, made);
  assert.equal(env.count("GET /deployments"), 3, "three pages of 10");
  // default page size 100: one request; `break` stops fetching
  const before = env.count("GET /deployments");
  const iterator = client.listAll({ status: "DRAFT" });
  assert.equal(iterator[Symbol.asyncIterator](), iterator);
  let n = 0;
  for await (const d of iterator) {
    assert.equal(d.status, "DRAFT");
    if (++n === 2) break;
  }
  assert.equal(env.count("GET /deployments") - before, 1);
  assert.deepEqual(await iterator.next(), { value: undefined, done: true });
  // concurrent next() calls are served one after another, in order
  const it = client.listAll({ limit: 10, sortOrder: "asc" });
  const firsts = await Promise.all(Array.from({ length: 12 }, () => it.next()));
  assert.deepEqual(firsts.map((r) => r.value.id), made.slice(0, 12));
});

test("errors from the server are typed: not found, wrong strategy, unknown revision, bad job", async (t) => {
  const env = await environment(t);
  const { wallet } = newKey();
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });
  const d = await client.create(createBody());
  let err = await rejectsWith(client.get(OTHER), "NotFoundError", "DEPLOYMENT_NOT_FOUND");
  assert.equal(err.status, 404);
  assert.equal(err.serverMessage, "Deployment not found.");
  err = await rejectsWith(client.updateSchedule(d.id, "0 * * * *"), "ValidationError", "WRONG_STRATEGY");
  assert.equal(err.status, 400);
  await rejectsWith(client.updateActiveRevision(d.id, 9), "ValidationError", "REVISION_NOT_FOUND");
  await rejectsWith(client.job(d.id, OTHER), "NotFoundError", "JOB_NOT_FOUND");
  await rejectsWith(client.withdraw(OTHER), "NotFoundError", "VAULT_NOT_FOUND");
});
