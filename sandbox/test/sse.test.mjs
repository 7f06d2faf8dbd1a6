import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, newWallet, call, createDeployment, waitFor, openStream, frameErrors } from '../testkit.mjs';

test('SSE: snapshot on connect, live frames, keep-alive, survives STOPPED', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000, keepAliveMs: 30 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 600, replicas: 2, autostart: true });
  await waitFor(async () => (await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs?state=RUNNING`)).json.jobs.length === 2, 3000, 'running');
  const s = await openStream(sb.url, w, d.id, `/api/deployments/${d.id}/stream`);
  t.after(() => s.close());
  assert.equal(s.res.status, 200);
  assert.equal(s.res.headers.get('content-type'), 'text/event-stream');
  await waitFor(() => s.frames.length >= 7, 2000, 'snapshot');
  // snapshot order (addendum §8): deployment, jobs, active jobs oldest first, tasks by due_at, endpoints
  assert.deepEqual(s.frames.map((f) => f.type).slice(0, 7), ['deployment', 'jobs', 'job', 'job', 'task', 'task', 'endpoint']);
  assert.deepEqual(s.frames[0], { type: 'deployment', status: 'RUNNING', replicas: 2, active_revision: 1 });
  const jobs = (await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs?state=RUNNING&sort_order=asc`)).json.jobs;
  assert.deepEqual(s.frames[1], { type: 'jobs', jobs: jobs.map((j) => j.job) });
  assert.deepEqual(s.frames.slice(2, 4), jobs.map((j) => ({ type: 'job', job: j.job, state: 'RUNNING', node: j.node, timeStart: j.time_start, timeEnd: 0,
    revision: 1, created_at: j.created_at })));
  const taskFrames = s.frames.slice(4, 6);
  assert.ok(taskFrames.every((f) => f.type === 'task' && f.task === 'LIST' && f.status === 'PENDING' && f.job && f.due_at && f.attempts === 0));
  assert.deepEqual(s.frames[6], { type: 'endpoint', ...d.endpoints[0], online: true });
  // live: replica change → deployment frame, new job, event and task frames
  await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-replica-count`, { replicas: 3 });
  await waitFor(() => s.frames.some((f) => f.type === 'deployment' && f.replicas === 3), 2000, 'deployment frame');
  await waitFor(() => s.frames.some((f) => f.type === 'event' && f.event === 'JOB_LIST_CONFIRMED' && f.category && f.tx && f.created_at), 2000, 'event frame');
  await waitFor(() => s.frames.some((f) => f.type === 'job' && f.state === 'QUEUED' && f.node === null), 2000, 'queued job frame');
  await waitFor(() => s.frames.some((f) => f.type === 'task' && f.status === 'DONE'), 2000, 'task DONE frame');
  await waitFor(() => s.comments.includes(': keep-alive'), 2000, 'keep-alive');
  // stop: STOPPING then STOPPED, and the stream stays open
  await call(sb.url, w, 'POST', `/deployments/${d.id}/stop`);
  await waitFor(() => s.frames.some((f) => f.type === 'deployment' && f.status === 'STOPPED'), 3000, 'STOPPED frame');
  const statuses = s.frames.filter((f) => f.type === 'deployment').map((f) => f.status);
  assert.ok(statuses.includes('STOPPING') && statuses.indexOf('STOPPING') < statuses.indexOf('STOPPED'), statuses.join());
  assert.ok(s.frames.some((f) => f.type === 'job' && f.state === 'STOPPED' && f.timeEnd > 0));
  // the last job gone: every endpoint restated offline
  assert.deepEqual(s.frames.filter((f) => f.type === 'endpoint').at(-1), { type: 'endpoint', ...d.endpoints[0], online: false });
  const n = s.comments.length;
  await waitFor(() => s.comments.length > n, 2000, 'keep-alive after STOPPED');
  assert.equal(s.ended, false);
  // every frame as the document's DeploymentStreamEvent describes it, every type seen
  assert.deepEqual(frameErrors(s.frames), []);
  assert.deepEqual([...new Set(s.frames.map((f) => f.type))].sort(), ['deployment', 'endpoint', 'event', 'job', 'jobs', 'task']);
  assert.deepEqual(frameErrors([{ type: 'job', job: 'x', state: 'RUNNING', node: null, timeStart: 0, timeEnd: 0 }]).length, 1, 'a job frame without revision is refused');
});

test('SSE: auth and ownership checked; streams closable', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const d = await createDeployment(sb.url, w);
  assert.equal((await call(sb.url, null, 'GET', `/deployments/${d.id}/stream`)).status, 401);
  assert.equal((await call(sb.url, newWallet(), 'GET', `/deployments/${d.id}/stream`)).status, 404);
  const s = await openStream(sb.url, w, d.id);
  await waitFor(() => s.frames.length === 3, 2000, 'snapshot');
  assert.deepEqual(s.frames, [{ type: 'deployment', status: 'DRAFT', replicas: 1, active_revision: 1 }, { type: 'jobs', jobs: [] },
    { type: 'endpoint', ...d.endpoints[0], online: false }]);
  const r = await (await fetch(`${sb.url}/_sandbox/streams/reset`, { method: 'POST' })).json();
  assert.equal(r.closed, 1);
  await waitFor(() => s.ended, 2000, 'stream ended');
  // reconnect replays a fresh snapshot
  const s2 = await openStream(sb.url, w, d.id);
  await waitFor(() => s2.frames.length === 3, 2000, 'snapshot 2');
  await s2.close();
});
