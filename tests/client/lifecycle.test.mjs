// One deployment per strategy through its whole life, driven only by the client, with the
// sandbox's simulated time accelerated.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeploymentsClient } from "nosana-deployments";
import { createBody, environment, newKey, rejectsWith, until } from "./helpers.mjs";

async function setup(t, sandboxOptions) {
  const env = await environment(t, sandboxOptions);
  const { wallet } = newKey();
  return { env, client: new DeploymentsClient({ baseUrl: env.url, wallet }) };
}

// Each wait below has its own bound; a test's overall limit (60 s) is above the sum of them, so a
// slow machine fails on the step that is slow, not on the test's clock.
const fast = { intervalMs: 20, timeoutMs: 8000 };
const allJobs = async (client, id, state) => (await client.jobs(id, { limit: 100, ...(state ? { state } : {}) })).jobs;

test("SIMPLE: start, runs its job to completion, STOPPED, archive, then nothing but rename", { timeout: 60_000 }, async (t) => {
  const { env, client } = await setup(t, { timeScale: 1000 });
  const d = await client.create(createBody({ timeout: 1 }));
  await client.start(d.id);
  const stopped = await client.waitForStatus(d.id, "STOPPED", fast);
  assert.equal(stopped.active_jobs, 0);
  const [job] = await allJobs(client, d.id);
  assert.equal(job.state, "COMPLETED");
  const detail = await client.job(d.id, job.job);
  assert.equal(detail.state, "COMPLETED");
  assert.equal(detail.jobResult.status, "success");
  assert.equal((await client.events(d.id, { type: "JOB_LIST_CONFIRMED" })).events.length, 1);
  await client.archive(d.id);
  const before = env.requests.length;
  await rejectsWith(client.start(d.id), "InvalidStateError", "INVALID_STATE");
  await rejectsWith(client.updateReplicaCount(d.id, 2), "ArchivedError", "ARCHIVED");
  await rejectsWith(client.delete(d.id), "InvalidStateError", "INVALID_STATE");
  assert.equal(env.requests.length, before, "refused locally: the client saw ARCHIVED");
  assert.equal((await client.rename(d.id, "kept")).name, "kept");
});

test("SIMPLE-EXTEND: jobs are extended until the container finishes", { timeout: 60_000 }, async (t) => {
  const { client } = await setup(t, { timeScale: 1000, jobRunSeconds: 25 * 60 });
  const d = await client.create(createBody({ timeout: 10, strategy: "SIMPLE-EXTEND", autostart: true }));
  assert.equal(d.status, "STARTING");
  await client.waitForStatus(d.id, "STOPPED", fast);
  assert.ok((await client.events(d.id, { type: "JOB_EXTEND_SUCCESSFUL" })).events.length >= 2);
  const jobs = await allJobs(client, d.id);
  assert.deepEqual(jobs.map((j) => j.state), ["COMPLETED"]);
});

test("SCHEDULED: RUNNING at once, one LIST per cron fire, schedule updates re-time the task", { timeout: 60_000 }, async (t) => {
  const { env, client } = await setup(t, { timeScale: 1 });
  const d = await client.create(createBody({ strategy: "SCHEDULED", schedule: "0 * * * *", timeout: 5, replicas: 2 }));
  await client.start(d.id);
  await client.waitForStatus(d.id, "RUNNING", fast);
  let tasks = (await client.tasks(d.id)).tasks;
  assert.equal(tasks.length, 1);
  assert.match(tasks[0].due_at, /T\d\d:00:00\.000Z$/);
  await client.updateSchedule(d.id, "30 * * * *");
  tasks = (await client.tasks(d.id, { task: "LIST" })).tasks;
  assert.match(tasks[0].due_at, /T\d\d:30:00\.000Z$/);
  env.sb.advance(61 * 60_000);
  await until(async () => (await allJobs(client, d.id)).length === 2, 5000, "2 jobs after the fire");
  assert.equal((await client.get(d.id)).status, "RUNNING");
  await client.stop(d.id);
  await client.waitForStatus(d.id, "STOPPED", fast);
});

test("INFINITE: keeps its replicas through rotation, watch sees it, stop → STOPPED", { timeout: 60_000 }, async (t) => {
  const { env, client } = await setup(t, { timeScale: 1000 });
  const d = await client.create(createBody({ strategy: "INFINITE", timeout: 60, rotation_time: 20, replicas: 2 }));
  const controller = new AbortController();
  const statuses = [];
  const watching = (async () => {
    try {
      for await (const f of client.watch(d.id, { signal: controller.signal })) {
        if (f.type === "deployment") statuses.push(f.status);
      }
    } catch (err) {
      if (err.name !== "AbortError") throw err;
    }
  })();
  await client.start(d.id);
  await client.waitForStatus(d.id, "RUNNING", fast);
  await until(async () => (await allJobs(client, d.id, "RUNNING")).length === 2, 5000, "2 running");
  env.sb.advance(45 * 60_000);
  await until(async () => (await allJobs(client, d.id, "STOPPED")).length >= 2, 5000, "rotated");
  assert.equal((await allJobs(client, d.id, ["QUEUED", "RUNNING"])).length, 2);
  await client.stop(d.id);
  await client.waitForStatus(d.id, "STOPPED", fast);
  await until(() => statuses.includes("STOPPED"), 2000, "the stream saw STOPPED");
  controller.abort();
  await watching;
  // The stream opens at the first next(), so its snapshot may already say RUNNING.
  assert.ok(statuses.includes("RUNNING") && statuses.includes("STOPPING"), statuses.join());
  assert.equal(statuses.at(-1), "STOPPED");
});
