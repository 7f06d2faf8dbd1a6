import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, newWallet, call, createDeployment, waitFor, statusOf, nginxJobDefinition } from '../testkit.mjs';

const jobs = async (sb, w, id, qs = '') => (await call(sb.url, w, 'GET', `/deployments/${id}/jobs?limit=100${qs}`)).json.jobs;
const events = async (sb, w, id, type) => (await call(sb.url, w, 'GET', `/deployments/${id}/events?limit=100&type=${type}`)).json.events;

test('SIMPLE reaches STOPPED by itself when its job times out', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { timeout: 1 });
  await call(sb.url, w, 'POST', `/deployments/${d.id}/start`);
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'STOPPED', 5000, 'STOPPED');
  const js = await jobs(sb, w, d.id);
  assert.equal(js.length, 1);
  assert.equal(js[0].state, 'COMPLETED');
  const det = await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs/${js[0].job}`);
  assert.equal(det.json.state, 2);
  assert.ok(det.json.timeEnd >= det.json.timeStart + 60);
  assert.equal(det.json.jobResult.status, 'success');
  assert.equal((await events(sb, w, d.id, 'JOB_LIST_CONFIRMED')).length, 1);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks`)).json.pagination.total_items, 0);
  // updated_at is untouched by worker status changes (§3)
  const got = (await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json;
  assert.ok(got.updated_at <= js[0].created_at);
});

test('SIMPLE-EXTEND extends running jobs until the container finishes', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000, jobRunSeconds: 25 * 60 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { timeout: 10, strategy: 'SIMPLE-EXTEND', autostart: true });
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'STOPPED', 8000, 'STOPPED');
  assert.ok((await events(sb, w, d.id, 'JOB_EXTEND_SUCCESSFUL')).length >= 2);
  const js = await jobs(sb, w, d.id);
  assert.equal(js.length, 1);
  assert.equal(js[0].state, 'COMPLETED');
});

test('SIMPLE scales with replica changes while RUNNING (QUEUED stopped first)', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { timeout: 600, autostart: true });
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=RUNNING')).length === 1, 3000, '1 running');
  await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-replica-count`, { replicas: 3 });
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=QUEUED,RUNNING')).length === 3, 3000, '3 active');
  await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-replica-count`, { replicas: 1 });
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=QUEUED,RUNNING')).length === 1, 3000, '1 active');
  assert.equal((await jobs(sb, w, d.id, '&state=STOPPED')).length, 2);
  assert.equal(await statusOf(sb.url, w, d.id), 'RUNNING');
});

test('INFINITE keeps replicas through rotation and early completion; stop → STOPPING → STOPPED', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 60, rotation_time: 20, replicas: 2, autostart: true });
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=RUNNING')).length === 2, 3000, '2 running');
  // rotation: a LIST tagged with each running job is due 40 simulated minutes after it started
  const tasks = (await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks?task=LIST`)).json.tasks;
  assert.equal(tasks.length, 2);
  assert.ok(tasks.every((x) => x.limit === 1 && x.job));
  sb.advance(45 * 60_000);
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=STOPPED')).length >= 2, 3000, 'rotated');
  assert.equal((await jobs(sb, w, d.id, '&state=QUEUED,RUNNING')).length, 2);
  // a job ending early is replaced
  const [victim] = await jobs(sb, w, d.id, '&state=RUNNING');
  sb.state.data.jobs.find((j) => j.job === victim.job).end_at = sb.clock.now();
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=COMPLETED')).length === 1, 3000, 'completed');
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=QUEUED,RUNNING')).length === 2, 3000, 'replaced');
  assert.equal(await statusOf(sb.url, w, d.id), 'RUNNING');
  const stop = await call(sb.url, w, 'POST', `/deployments/${d.id}/stop`);
  assert.equal(stop.json.status, 'STOPPING');
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'STOPPED', 3000, 'STOPPED');
  assert.equal((await jobs(sb, w, d.id, '&state=QUEUED,RUNNING')).length, 0);
  assert.ok((await events(sb, w, d.id, 'JOB_STOPPED_CONFIRMED')).length >= 4);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks`)).json.pagination.total_items, 0);
});

test('INSUFFICIENT_FUNDS with an empty vault, back to RUNNING after funding', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000, newVaultBalance: { SOL: 0, NOS: 0 }, retrySeconds: 120 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { timeout: 600, autostart: true });
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'INSUFFICIENT_FUNDS', 3000, 'INSUFFICIENT_FUNDS');
  assert.ok((await events(sb, w, d.id, 'JOB_LIST_ERROR')).length >= 1);
  const tasks = (await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks`)).json.tasks;
  assert.equal(tasks[0].task, 'LIST');
  assert.equal(await statusOf(sb.url, w, d.id), 'INSUFFICIENT_FUNDS');
  const ctl = await fetch(`${sb.url}/_sandbox/vaults/${d.vault}/balance`, { method: 'POST', body: JSON.stringify({ SOL: 1, NOS: 5 }) });
  assert.equal(ctl.status, 200);
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'RUNNING', 3000, 'RUNNING again');
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=RUNNING')).length === 1, 3000, 'job running');
});

test('SCHEDULED: RUNNING at once, LIST at each cron fire, schedule update re-times tasks', async (t) => {
  const sb = await sandbox(t, { timeScale: 1 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { strategy: 'SCHEDULED', schedule: '0 * * * *', timeout: 5, replicas: 2, autostart: true });
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'RUNNING', 3000, 'RUNNING');
  let tasks = (await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks`)).json.tasks;
  assert.equal(tasks.length, 1);
  assert.match(tasks[0].due_at, /T\d\d:00:00\.000Z$/);
  assert.equal((await jobs(sb, w, d.id)).length, 0);
  await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-schedule`, { schedule: '30 * * * *' });
  tasks = (await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks`)).json.tasks;
  assert.match(tasks[0].due_at, /T\d\d:30:00\.000Z$/);
  sb.advance(61 * 60_000); // past the fire
  await waitFor(async () => (await jobs(sb, w, d.id)).length === 2, 3000, '2 jobs listed');
  tasks = (await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks`)).json.tasks;
  assert.equal(tasks.length, 1, 'next fire scheduled');
  sb.advance(60 * 60_000);
  await waitFor(async () => (await jobs(sb, w, d.id)).length === 4, 3000, '4 jobs after second fire');
  assert.equal(await statusOf(sb.url, w, d.id), 'RUNNING', 'idle SCHEDULED stays RUNNING');
});

test('revision change while RUNNING rolls jobs to the new revision', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 600, replicas: 1, autostart: true });
  await waitFor(async () => (await jobs(sb, w, d.id, '&state=RUNNING')).length === 1, 3000, 'running');
  const cr = await call(sb.url, w, 'POST', `/deployments/${d.id}/create-revision`, nginxJobDefinition('v2'));
  assert.equal(cr.json.active_revision, 2);
  await waitFor(async () => {
    const active = await jobs(sb, w, d.id, '&state=QUEUED,RUNNING');
    return active.length === 1 && active[0].revision === 2;
  }, 3000, 'rolled to revision 2');
  assert.equal((await jobs(sb, w, d.id, '&state=STOPPED'))[0].revision, 1);
});
