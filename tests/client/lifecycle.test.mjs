// One deployment per strategy through its whole life, driven only by the client. The sandbox's
// simulated clock is frozen at a fixed instant (`timeScale: 0`, `startAt`) and moved only with
// `env.sb.advance`, which runs its worker at once: counts are exact whatever the wall clock says.
// Real-time waits remain only for the worker's tick and the stream, and they wait on conditions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeploymentsClient } from "nosana-deployments";
import { testStart } from "../../sandbox/testkit.mjs";
import { createBody, environment, newKey, rejectsWith, until } from "./helpers.mjs";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

async function setup(t, startAt, sandboxOptions = {}) {
  const env = await environment(t, { timeScale: 0, startAt, ...sandboxOptions });
  const { wallet } = newKey();
  return { env, client: new DeploymentsClient({ baseUrl: env.url, wallet }) };
}

// Each wait below has its own bound; a test's overall limit (60 s) is above the sum of them, so a
// slow machine fails on the step that is slow, not on the test's clock.
const fast = { intervalMs: 20, timeoutMs: 8000 };
const allJobs = async (client, id, state) => (await client.jobs(id, { limit: 100, ...(state ? { state } : {}) })).jobs;
const iso = (ms) => new Date(ms).toISOString();

test("SIMPLE: start, runs its job to completion, STOPPED, archive, then nothing but rename", {
  timeout: 60_000,
}, async (t) => {
  const start = testStart();
  const { env, client } = await setup(t, start);
  const d = await client.create(createBody({ timeout: 1 }));
  await client.start(d.id);
  await client.waitForStatus(d.id, "RUNNING", fast);
  await until(async () => (await allJobs(client, d.id)).length === 1, 5000, "the job listed");
  env.sb.advance(30 * SECOND + MINUTE - 1);
  assert.equal((await client.get(d.id)).status, "RUNNING", "1 ms before the job's timeout");
  env.sb.advance(1);
  const stopped = await client.get(d.id);
  assert.equal(stopped.status, "STOPPED");
  assert.equal(stopped.active_jobs, 0);
  const [job] = await allJobs(client, d.id);
  assert.equal(job.state, "COMPLETED");
  const detail = await client.job(d.id, job.job);
  assert.equal(detail.state, "COMPLETED");
  assert.equal(detail.jobResult.status, "success");
  assert.equal(detail.timeStart, (start + 30 * SECOND) / 1000);
  assert.equal(detail.timeEnd, detail.timeStart + 60);
  assert.equal((await client.events(d.id, { type: "JOB_LIST_CONFIRMED" })).events.length, 1);
  await client.archive(d.id);
  const before = env.requests.length;
  await rejectsWith(client.start(d.id), "InvalidStateError", "INVALID_STATE");
  await rejectsWith(client.updateReplicaCount(d.id, 2), "ArchivedError", "ARCHIVED");
  await rejectsWith(client.delete(d.id), "InvalidStateError", "INVALID_STATE");
  assert.equal(env.requests.length, before, "refused locally: the client saw ARCHIVED");
  assert.equal((await client.rename(d.id, "kept")).name, "kept");
});

test("SIMPLE-EXTEND: the job is extended twice until the container finishes", { timeout: 60_000 }, async (t) => {
  const { env, client } = await setup(t, testStart(), { jobRunSeconds: 25 * 60 });
  const d = await client.create(createBody({ timeout: 10, strategy: "SIMPLE-EXTEND", autostart: true }));
  assert.equal(d.status, "STARTING");
  await until(async () => (await allJobs(client, d.id)).length === 1, 5000, "the job listed");
  env.sb.advance(30 * SECOND + 25 * MINUTE);
  assert.equal((await client.get(d.id)).status, "STOPPED");
  assert.equal((await client.events(d.id, { type: "JOB_EXTEND_SUCCESSFUL" })).events.length, 2);
  const jobs = await allJobs(client, d.id);
  assert.deepEqual(
    jobs.map((j) => j.state),
    ["COMPLETED"],
  );
});

test("SCHEDULED: RUNNING at once, one LIST per cron fire, schedule updates re-time the task", {
  timeout: 60_000,
}, async (t) => {
  const { env, client } = await setup(t, Date.parse("2026-03-02T10:07:00.000Z"));
  const d = await client.create(createBody({ strategy: "SCHEDULED", schedule: "0 * * * *", timeout: 5, replicas: 2 }));
  await client.start(d.id);
  await client.waitForStatus(d.id, "RUNNING", fast);
  let tasks = (await client.tasks(d.id)).tasks;
  assert.deepEqual(
    tasks.map((x) => x.due_at),
    ["2026-03-02T11:00:00.000Z"],
  );
  await client.updateSchedule(d.id, "30 * * * *");
  tasks = (await client.tasks(d.id, { task: "LIST" })).tasks;
  assert.deepEqual(
    tasks.map((x) => x.due_at),
    ["2026-03-02T10:30:00.000Z"],
  );
  env.sb.advance(23 * MINUTE - 1); // 10:29:59.999
  assert.equal((await allJobs(client, d.id)).length, 0, "1 ms before the fire");
  env.sb.advance(1);
  assert.equal((await allJobs(client, d.id)).length, 2, "the fire lists the replicas");
  env.sb.advance(HOUR);
  assert.equal((await allJobs(client, d.id)).length, 4, "the next fire, an hour later");
  assert.equal((await client.get(d.id)).status, "RUNNING");
  await client.stop(d.id);
  await client.waitForStatus(d.id, "STOPPED", fast);
});

test("SCHEDULED: a start anywhere in the hour sees exactly the fires in the next 61 minutes", {
  timeout: 60_000,
}, async (t) => {
  // the stability run moves testStart() across a whole hour; the count comes from plain arithmetic
  const start = testStart();
  const fires = [];
  for (let f = Math.floor(start / HOUR) * HOUR + 30 * MINUTE; f <= start + 61 * MINUTE; f += HOUR)
    if (f > start) fires.push(iso(f));
  const { env, client } = await setup(t, start);
  const d = await client.create(
    createBody({ strategy: "SCHEDULED", schedule: "30 * * * *", timeout: 5, replicas: 2, autostart: true }),
  );
  await until(async () => (await client.tasks(d.id)).tasks.length === 1, 5000, "the first LIST scheduled");
  env.sb.advance(61 * MINUTE);
  const listed = (await allJobs(client, d.id)).map((j) => j.created_at).sort();
  assert.deepEqual(
    listed,
    fires.flatMap((f) => [f, f]),
    `start ${iso(start)}`,
  );
});

test("INFINITE: keeps its replicas through rotation, watch sees it, stop → STOPPED", { timeout: 60_000 }, async (t) => {
  const start = testStart();
  const { env, client } = await setup(t, start);
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
  await until(async () => (await allJobs(client, d.id)).length === 2, 5000, "2 listed");
  env.sb.advance(30 * SECOND);
  assert.equal((await allJobs(client, d.id, "RUNNING")).length, 2);
  const rotations = (await client.tasks(d.id, { task: "LIST" })).tasks;
  assert.deepEqual(
    rotations.map((x) => x.due_at),
    [0, 1].map(() => iso(start + 30 * SECOND + 40 * MINUTE)),
  );
  env.sb.advance(40 * MINUTE + 30 * SECOND); // rotation listed, and the replacement runs
  assert.equal((await allJobs(client, d.id, "STOPPED")).length, 2);
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
