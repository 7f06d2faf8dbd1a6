// The worker's lifecycles on a frozen simulated clock: every sandbox starts at a fixed instant
// (`timeScale: 0`, `startAt`) and time moves only by `sb.advance`, which runs the worker at once, so
// job and event counts are exact whatever the wall clock says. The only real-time waits are for the
// worker's tick (STARTING → RUNNING, work queued "now"), and they wait on conditions.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  sandbox,
  newWallet,
  call,
  createDeployment,
  waitFor,
  statusOf,
  nginxJobDefinition,
  testStart,
} from "../testkit.mjs";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const jobs = async (sb, w, id, qs = "") =>
  (await call(sb.url, w, "GET", `/deployments/${id}/jobs?limit=100${qs}`)).json.jobs;
const events = async (sb, w, id, type) =>
  (await call(sb.url, w, "GET", `/deployments/${id}/events?limit=100&type=${type}`)).json.events;
const tasks = async (sb, w, id, qs = "") =>
  (await call(sb.url, w, "GET", `/deployments/${id}/tasks?limit=100${qs}`)).json.tasks;
const frozen = (t, startAt, options = {}) => sandbox(t, { timeScale: 0, startAt, ...options });
const iso = (ms) => new Date(ms).toISOString();

/** Fires of `M * * * *` (minute M of every UTC hour) in (from, to], counted by plain arithmetic. */
function hourlyFires(minute, from, to) {
  let n = 0;
  for (let f = Math.floor(from / HOUR) * HOUR + minute * MINUTE; f <= to; f += HOUR) if (f > from) n++;
  return n;
}

test("SIMPLE reaches STOPPED by itself exactly when its job times out", async (t) => {
  const start = testStart();
  const sb = await frozen(t, start);
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { timeout: 1 });
  await call(sb.url, w, "POST", `/deployments/${d.id}/start`);
  await waitFor(async () => (await jobs(sb, w, d.id)).length === 1, 3000, "job listed");
  assert.equal(await statusOf(sb.url, w, d.id), "RUNNING");
  sb.advance(30 * SECOND); // queue delay: the job gets a node
  const [running] = await jobs(sb, w, d.id);
  assert.equal(running.state, "RUNNING");
  assert.equal(running.time_start, (start + 30 * SECOND) / 1000);
  sb.advance(MINUTE - 1);
  assert.equal((await jobs(sb, w, d.id))[0].state, "RUNNING", "1 ms before its timeout");
  sb.advance(1);
  const js = await jobs(sb, w, d.id);
  assert.equal(js.length, 1);
  assert.equal(js[0].state, "COMPLETED");
  assert.equal(await statusOf(sb.url, w, d.id), "STOPPED");
  const det = await call(sb.url, w, "GET", `/deployments/${d.id}/jobs/${js[0].job}`);
  assert.equal(det.json.state, 2);
  assert.equal(det.json.timeEnd, det.json.timeStart + 60);
  assert.equal(det.json.jobResult.status, "success");
  assert.equal((await events(sb, w, d.id, "JOB_LIST_CONFIRMED")).length, 1);
  assert.equal((await tasks(sb, w, d.id)).length, 0);
  // updated_at is untouched by worker status changes (§3)
  const got = (await call(sb.url, w, "GET", `/deployments/${d.id}`)).json;
  assert.ok(got.updated_at <= js[0].created_at);
});

test("SIMPLE-EXTEND extends its job twice, then the container finishes after 25 minutes", async (t) => {
  const start = testStart();
  const sb = await frozen(t, start, { jobRunSeconds: 25 * 60 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { timeout: 10, strategy: "SIMPLE-EXTEND", autostart: true });
  await waitFor(async () => (await jobs(sb, w, d.id)).length === 1, 3000, "job listed");
  sb.advance(30 * SECOND);
  // the first EXTEND is due a minute (clamp(10 %, 60 s, 300 s)) before the 10-minute timeout
  const [extend] = await tasks(sb, w, d.id, "&task=EXTEND");
  assert.equal(extend.due_at, iso(start + 30 * SECOND + 9 * MINUTE));
  sb.advance(25 * MINUTE - 1);
  assert.equal(await statusOf(sb.url, w, d.id), "RUNNING", "1 ms before the container finishes");
  assert.equal((await events(sb, w, d.id, "JOB_EXTEND_SUCCESSFUL")).length, 2);
  sb.advance(1);
  assert.equal(await statusOf(sb.url, w, d.id), "STOPPED");
  const js = await jobs(sb, w, d.id);
  assert.deepEqual(
    js.map((j) => j.state),
    ["COMPLETED"],
  );
  assert.equal((await events(sb, w, d.id, "JOB_EXTEND_SUCCESSFUL")).length, 2);
});

test("SIMPLE scales with replica changes while RUNNING (QUEUED stopped first)", async (t) => {
  const sb = await frozen(t, testStart());
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { timeout: 600, autostart: true });
  await waitFor(async () => (await jobs(sb, w, d.id)).length === 1, 3000, "job listed");
  sb.advance(30 * SECOND);
  const [first] = await jobs(sb, w, d.id, "&state=RUNNING");
  assert.ok(first);
  await call(sb.url, w, "PATCH", `/deployments/${d.id}/update-replica-count`, { replicas: 3 });
  await waitFor(async () => (await jobs(sb, w, d.id, "&state=QUEUED")).length === 2, 3000, "2 more queued");
  await call(sb.url, w, "PATCH", `/deployments/${d.id}/update-replica-count`, { replicas: 1 });
  await waitFor(async () => (await jobs(sb, w, d.id, "&state=STOPPED")).length === 2, 3000, "2 stopped");
  assert.deepEqual(
    (await jobs(sb, w, d.id, "&state=QUEUED,RUNNING")).map((j) => j.job),
    [first.job],
    "the running one is kept",
  );
  assert.equal((await jobs(sb, w, d.id)).length, 3);
  assert.equal(await statusOf(sb.url, w, d.id), "RUNNING");
});

test("INFINITE rotates at timeout − rotation_time, replaces an early end; stop → STOPPING → STOPPED", async (t) => {
  const start = testStart();
  const sb = await frozen(t, start);
  const w = newWallet();
  const d = await createDeployment(sb.url, w, {
    strategy: "INFINITE",
    timeout: 60,
    rotation_time: 20,
    replicas: 2,
    autostart: true,
  });
  await waitFor(async () => (await jobs(sb, w, d.id)).length === 2, 3000, "2 listed");
  sb.advance(30 * SECOND);
  assert.equal((await jobs(sb, w, d.id, "&state=RUNNING")).length, 2);
  // rotation: a LIST tagged with each running job, due 40 simulated minutes after it started
  const rotations = await tasks(sb, w, d.id, "&task=LIST");
  assert.equal(rotations.length, 2);
  assert.ok(rotations.every((x) => x.limit === 1 && x.job && x.due_at === iso(start + 30 * SECOND + 40 * MINUTE)));
  sb.advance(40 * MINUTE - 1);
  assert.equal((await jobs(sb, w, d.id)).length, 2, "no rotation 1 ms early");
  sb.advance(1 + 30 * SECOND); // both replacements listed; the first to run stops the QUEUED one and the oldest
  assert.equal((await jobs(sb, w, d.id)).length, 4);
  assert.equal((await jobs(sb, w, d.id, "&state=STOPPED")).length, 2);
  assert.equal((await jobs(sb, w, d.id, "&state=RUNNING")).length, 2);
  assert.equal((await events(sb, w, d.id, "JOB_STOPPED_CONFIRMED")).length, 2);
  // a job ending early is replaced
  const [victim] = await jobs(sb, w, d.id, "&state=RUNNING");
  sb.state.data.jobs.find((j) => j.job === victim.job).end_at = sb.clock.now();
  await waitFor(async () => (await jobs(sb, w, d.id, "&state=QUEUED")).length === 1, 3000, "replacement listed");
  assert.equal((await jobs(sb, w, d.id, "&state=COMPLETED")).length, 1);
  assert.equal(await statusOf(sb.url, w, d.id), "RUNNING");
  const stop = await call(sb.url, w, "POST", `/deployments/${d.id}/stop`);
  assert.equal(stop.json.status, "STOPPING");
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === "STOPPED", 3000, "STOPPED");
  assert.equal((await jobs(sb, w, d.id, "&state=QUEUED,RUNNING")).length, 0);
  assert.equal((await events(sb, w, d.id, "JOB_STOPPED_CONFIRMED")).length, 4);
  assert.equal((await jobs(sb, w, d.id)).length, 5);
  assert.equal((await call(sb.url, w, "GET", `/deployments/${d.id}/tasks`)).json.pagination.total_items, 0);
});

test("INSUFFICIENT_FUNDS with an empty vault, retried every retrySeconds, RUNNING after funding", async (t) => {
  const start = testStart();
  const sb = await frozen(t, start, { newVaultBalance: { SOL: 0, NOS: 0 }, retrySeconds: 120 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { timeout: 600, autostart: true });
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === "INSUFFICIENT_FUNDS", 3000, "INSUFFICIENT_FUNDS");
  assert.equal((await events(sb, w, d.id, "JOB_LIST_ERROR")).length, 1);
  let [retry] = await tasks(sb, w, d.id);
  assert.deepEqual([retry.task, retry.due_at], ["LIST", iso(start + 120 * SECOND)]);
  sb.advance(120 * SECOND);
  assert.equal((await events(sb, w, d.id, "JOB_LIST_ERROR")).length, 2);
  [retry] = await tasks(sb, w, d.id);
  assert.equal(retry.due_at, iso(start + 240 * SECOND));
  const ctl = await fetch(`${sb.url}/_sandbox/vaults/${d.vault}/balance`, {
    method: "POST",
    body: JSON.stringify({ SOL: 1, NOS: 5 }),
  });
  assert.equal(ctl.status, 200);
  assert.equal(await statusOf(sb.url, w, d.id), "INSUFFICIENT_FUNDS", "funding alone does not retry early");
  sb.advance(120 * SECOND);
  assert.equal(await statusOf(sb.url, w, d.id), "RUNNING");
  assert.equal((await jobs(sb, w, d.id, "&state=QUEUED")).length, 1);
  sb.advance(30 * SECOND);
  assert.equal((await jobs(sb, w, d.id, "&state=RUNNING")).length, 1);
  assert.equal((await events(sb, w, d.id, "JOB_LIST_ERROR")).length, 2);
});

test("SCHEDULED: RUNNING at once, a LIST at each cron fire, a schedule update re-times the task", async (t) => {
  const start = Date.parse("2026-03-02T10:07:00.000Z");
  const sb = await frozen(t, start);
  const w = newWallet();
  const d = await createDeployment(sb.url, w, {
    strategy: "SCHEDULED",
    schedule: "0 * * * *",
    timeout: 5,
    replicas: 2,
    autostart: true,
  });
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === "RUNNING", 3000, "RUNNING");
  let ts = await tasks(sb, w, d.id);
  assert.deepEqual(
    ts.map((x) => [x.task, x.due_at]),
    [["LIST", "2026-03-02T11:00:00.000Z"]],
  );
  assert.equal((await jobs(sb, w, d.id)).length, 0);
  await call(sb.url, w, "PATCH", `/deployments/${d.id}/update-schedule`, { schedule: "30 * * * *" });
  ts = await tasks(sb, w, d.id);
  assert.deepEqual(
    ts.map((x) => x.due_at),
    ["2026-03-02T10:30:00.000Z"],
  );
  sb.advance(Date.parse("2026-03-02T10:30:00.000Z") - 1 - sb.clock.now());
  assert.equal((await jobs(sb, w, d.id)).length, 0, "1 ms before the fire");
  sb.advance(1);
  assert.equal((await jobs(sb, w, d.id)).length, 2, "replicas listed at the fire");
  ts = await tasks(sb, w, d.id);
  assert.deepEqual(
    ts.map((x) => x.due_at),
    ["2026-03-02T11:30:00.000Z"],
    "next fire scheduled",
  );
  sb.advance(HOUR);
  assert.equal((await jobs(sb, w, d.id)).length, 4);
  sb.advance(10 * MINUTE); // the second pair ran its 5 minutes
  assert.equal((await jobs(sb, w, d.id, "&state=COMPLETED")).length, 4);
  assert.equal(await statusOf(sb.url, w, d.id), "RUNNING", "idle SCHEDULED stays RUNNING");
});

test("SCHEDULED: exact fire counts for starts just before, on and just after a fire, and across the hour", async (t) => {
  const fire = Date.parse("2026-03-02T10:30:00.000Z");
  const cases = [
    { start: fire - 1, fires: 2 }, // 10:30 and 11:30 are both within 61 minutes
    { start: fire, fires: 1 }, // a start on the fire waits for the next one
    { start: fire + 1, fires: 1 },
    { start: fire - MINUTE, fires: 2 },
    { start: fire + MINUTE, fires: 1 },
    { start: testStart(), fires: null }, // the stability run moves this one across the hour
  ];
  for (const c of cases) {
    const sb = await frozen(t, c.start);
    const w = newWallet();
    const d = await createDeployment(sb.url, w, {
      strategy: "SCHEDULED",
      schedule: "30 * * * *",
      timeout: 5,
      replicas: 2,
      autostart: true,
    });
    await waitFor(async () => (await tasks(sb, w, d.id)).length === 1, 3000, "first LIST scheduled");
    sb.advance(61 * MINUTE);
    const expected = hourlyFires(30, c.start, c.start + 61 * MINUTE);
    if (c.fires !== null) assert.equal(expected, c.fires, "the arithmetic agrees with the named case");
    assert.equal((await jobs(sb, w, d.id)).length, 2 * expected, `start ${iso(c.start)}`);
    assert.equal((await events(sb, w, d.id, "JOB_LIST_CONFIRMED")).length, 2 * expected);
    await sb.close();
  }
});

test("SCHEDULED: the cron is UTC, so a DST change in the local time zone does not move it", async (t) => {
  const savedTz = process.env.TZ;
  process.env.TZ = "America/New_York"; // Node applies a TZ change at once
  t.after(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });
  // spring forward (2026-03-08) and fall back (2026-11-01) in New York
  for (const [first, localHours] of [
    ["2026-03-07T12:00:00.000Z", [7, 8, 8]],
    ["2026-10-31T12:00:00.000Z", [8, 7, 7]],
  ]) {
    const fire0 = Date.parse(first);
    assert.deepEqual(
      [0, 1, 2].map((k) => new Date(fire0 + k * DAY).getHours()),
      localHours,
      "the local clock does shift",
    );
    const sb = await frozen(t, fire0 - HOUR);
    const w = newWallet();
    const d = await createDeployment(sb.url, w, {
      strategy: "SCHEDULED",
      schedule: "0 12 * * *",
      timeout: 5,
      replicas: 1,
      autostart: true,
    });
    await waitFor(async () => (await tasks(sb, w, d.id)).length === 1, 3000, "first LIST scheduled");
    for (let k = 0; k < 3; k++) {
      assert.deepEqual(
        (await tasks(sb, w, d.id)).map((x) => x.due_at),
        [iso(fire0 + k * DAY)],
        `fire ${k}`,
      );
      sb.advance(DAY);
      assert.equal((await jobs(sb, w, d.id)).length, k + 1);
    }
    const listed = (await jobs(sb, w, d.id, "&sort_order=asc")).map((j) => j.created_at);
    assert.deepEqual(
      listed,
      [0, 1, 2].map((k) => iso(fire0 + k * DAY)),
    );
    await sb.close();
  }
});

test("revision change while RUNNING rolls jobs to the new revision", async (t) => {
  const sb = await frozen(t, testStart());
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { strategy: "INFINITE", timeout: 600, replicas: 1, autostart: true });
  await waitFor(async () => (await jobs(sb, w, d.id)).length === 1, 3000, "listed");
  sb.advance(30 * SECOND);
  assert.equal((await jobs(sb, w, d.id, "&state=RUNNING")).length, 1);
  const cr = await call(sb.url, w, "POST", `/deployments/${d.id}/create-revision`, nginxJobDefinition("v2"));
  assert.equal(cr.json.active_revision, 2);
  await waitFor(async () => (await jobs(sb, w, d.id, "&state=STOPPED")).length === 1, 3000, "revision 1 stopped");
  const active = await jobs(sb, w, d.id, "&state=QUEUED,RUNNING");
  assert.deepEqual(
    active.map((j) => [j.state, j.revision]),
    [["QUEUED", 2]],
  );
  assert.equal((await jobs(sb, w, d.id, "&state=STOPPED"))[0].revision, 1);
  sb.advance(30 * SECOND);
  assert.deepEqual(
    (await jobs(sb, w, d.id, "&state=QUEUED,RUNNING")).map((j) => [j.state, j.revision]),
    [["RUNNING", 2]],
  );
});
