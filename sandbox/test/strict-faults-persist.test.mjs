import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sandbox, newWallet, call, createDeployment, createBody, waitFor, statusOf, openStream, nginxJobDefinition } from '../testkit.mjs';
import { DEMO_WALLET } from '../server.mjs';
import { authHeaders } from '../lib/crypto.mjs';
import { ollamaJobDefinition, batchJobDefinition } from '../lib/jobdef.mjs';

test('strict: a full valid workflow produces no violations', async (t) => {
  const sb = await sandbox(t, { strict: true, timeScale: 1000 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { strategy: 'SCHEDULED', schedule: '*/5 * * * *', timeout: 1, autostart: true });
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'RUNNING', 3000, 'RUNNING');
  sb.advance(6 * 60_000);
  await waitFor(async () => (await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs`)).json.jobs.length > 0, 3000, 'jobs');
  const inf = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 120, autostart: true });
  const ext = await createDeployment(sb.url, w, { strategy: 'SIMPLE-EXTEND', timeout: 30, autostart: true });
  await waitFor(async () => (await call(sb.url, w, 'GET', `/deployments/${inf.id}/jobs?state=RUNNING`)).json.jobs.length === 1, 3000, 'inf running');
  const job = (await call(sb.url, w, 'GET', `/deployments/${inf.id}/jobs`)).json.jobs[0];
  for (const p of ['', '/jobs', `/jobs/${job.job}`, '/revisions', '/events', '/tasks', '/header']) {
    for (const id of [d.id, inf.id, ext.id]) {
      const r = await call(sb.url, w, 'GET', `/deployments/${id}${p === `/jobs/${job.job}` && id !== inf.id ? '' : p}`);
      assert.equal(r.status, 200, `${id} ${p}`);
    }
  }
  await call(sb.url, w, 'GET', '/deployments?limit=10&sort_order=asc');
  await call(sb.url, w, 'GET', '/deployments/vaults');
  await call(sb.url, w, 'POST', '/deployments/vaults/create');
  await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-name`, { name: 'x' });
  await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-schedule`, { schedule: '0 * * * *' });
  await call(sb.url, w, 'PATCH', `/deployments/${inf.id}/update-replica-count`, { replicas: 2 });
  await call(sb.url, w, 'PATCH', `/deployments/${inf.id}/update-timeout`, { timeout: 180 });
  await call(sb.url, w, 'POST', `/deployments/${inf.id}/create-revision`, nginxJobDefinition('v2'));
  await call(sb.url, w, 'PATCH', `/deployments/${inf.id}/update-active-revision`, { active_revision: 1 });
  await call(sb.url, w, 'POST', `/deployments/${inf.id}/stop`);
  await waitFor(async () => (await statusOf(sb.url, w, inf.id)) === 'STOPPED', 3000, 'STOPPED');
  await call(sb.url, w, 'POST', `/deployments/${inf.id}/archive`);
  // the seed's richer job definitions pass the document's JobDefinition schema too
  for (const jd of [ollamaJobDefinition(), batchJobDefinition()]) {
    assert.equal((await call(sb.url, w, 'POST', '/deployments/create', createBody({ job_definition: jd }))).status, 200);
  }
  assert.deepEqual(sb.state.strictViolations, []);
});

test('strict: refused requests are recorded, and a bad response is caught', async (t) => {
  const sb = await sandbox(t, { strict: true });
  const w = newWallet();
  const d = await createDeployment(sb.url, w);
  const r = await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-timeout`, { timeout: 59 });
  assert.equal(r.status, 400);
  const c = await call(sb.url, w, 'POST', '/deployments/create', createBody({ replicas: 0 }));
  assert.deepEqual(c.json, { error: 'Bad Request' });
  const j = await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs?revision=1`);
  assert.equal(j.status, 400);
  const kinds = sb.state.strictViolations.map((v) => [v.kind, v.route]);
  assert.deepEqual(kinds, [
    ['request', 'PATCH /deployments/{deployment}/update-timeout'],
    ['request', 'POST /deployments/create'],
    ['request', 'GET /deployments/{deployment}/jobs'],
  ]);
  assert.match(sb.state.strictViolations[1].message, /replicas must be >= 1/);
  assert.equal((await call(sb.url, null, 'GET', '/deployments', undefined, w.headers({ timestamp: 1 }))).status, 500);
  assert.match(sb.state.strictViolations.pop().message, /^auth: Authorization has expired/);
  assert.ok(sb.logs.some((l) => l.includes('sandbox strict: request')));
  // corrupt the store: the response no longer matches the Deployment schema
  sb.state.deployment(d.id).status = 'BOGUS';
  await call(sb.url, w, 'GET', `/deployments/${d.id}`);
  const last = sb.state.strictViolations.at(-1);
  assert.equal(last.kind, 'response');
  assert.match(last.message, /status/);
});

test('faults: latency, status (count-limited), drop, malformed, content type, truncate, drip', async (t) => {
  const sb = await sandbox(t, { faults: [{ type: 'latency', ms: 150, route: 'GET /deployments/vaults', count: 1 }] });
  const w = newWallet();
  let t0 = Date.now();
  assert.equal((await call(sb.url, w, 'GET', '/api/deployments/vaults')).status, 200);
  assert.ok(Date.now() - t0 >= 140, 'latency applied');
  t0 = Date.now();
  await call(sb.url, w, 'GET', '/deployments/vaults');
  assert.ok(Date.now() - t0 < 140, 'count exhausted');
  const setFaults = async (f) => (await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(f) })).json();
  await setFaults({ faults: [{ type: 'status', status: 502, count: 2, route: 'GET /deployments' }] });
  assert.equal((await call(sb.url, w, 'GET', '/deployments')).status, 502);
  assert.equal((await call(sb.url, w, 'GET', '/deployments')).status, 502);
  assert.equal((await call(sb.url, w, 'GET', '/deployments')).status, 200);
  await setFaults([{ type: 'drop', count: 1 }]);
  await assert.rejects(call(sb.url, w, 'GET', '/deployments'));
  assert.equal((await call(sb.url, w, 'GET', '/deployments')).status, 200, 'server still fine');
  await setFaults([{ type: 'malformed', count: 1 }]);
  const mal = await call(sb.url, w, 'GET', '/deployments');
  assert.equal(mal.status, 200);
  assert.equal(mal.json, undefined);
  assert.throws(() => JSON.parse(mal.text));
  await setFaults([{ type: 'content-type', count: 1, contentType: 'text/html', body: '<html>gateway</html>' }]);
  const ct = await call(sb.url, w, 'GET', '/deployments');
  assert.equal(ct.headers.get('content-type'), 'text/html');
  assert.equal(ct.text, '<html>gateway</html>');
  await setFaults([{ type: 'truncate', count: 1 }]);
  await assert.rejects(call(sb.url, w, 'GET', '/deployments'));
  await setFaults([{ type: 'drip', count: 1, chunkSize: 10, intervalMs: 20 }]);
  t0 = Date.now();
  const drip = await call(sb.url, w, 'GET', '/deployments');
  assert.equal(drip.json.pagination.total_items, 0);
  assert.ok(Date.now() - t0 >= 100, 'dripped');
  const cleared = await (await fetch(`${sb.url}/_sandbox/faults`, { method: 'DELETE' })).json();
  assert.deepEqual(cleared, { faults: [] });
  // faults never touch control routes
  await setFaults([{ type: 'status', status: 500 }]);
  assert.equal((await fetch(`${sb.url}/_sandbox/health`)).status, 200);
  sb.setFaults([]);
});

test('faults: SSE stream reset', async (t) => {
  const sb = await sandbox(t, { faults: [{ type: 'sse-reset', ms: 50, count: 1 }] });
  const w = newWallet();
  const d = await createDeployment(sb.url, w);
  const s = await openStream(sb.url, w, d.id);
  await waitFor(() => s.ended, 2000, 'reset');
  assert.equal(s.frames.length, 3, 'the snapshot: deployment, jobs, endpoint');
  const s2 = await openStream(sb.url, w, d.id);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s2.ended, false, 'count exhausted');
  sb.resetStreams();
  await waitFor(() => s2.ended, 2000, 'resetStreams');
});

test('persistence: state survives a restart', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nosana-sandbox-'));
  const file = path.join(dir, 'state.json');
  const w = newWallet();
  let id; let vault;
  {
    const sb = await sandbox(t, { persistFile: file, timeScale: 1000 });
    const d = await createDeployment(sb.url, w, { name: 'persisted', timeout: 600, autostart: true });
    id = d.id; vault = d.vault;
    await waitFor(async () => (await call(sb.url, w, 'GET', `/deployments/${id}/jobs?state=RUNNING`)).json.jobs.length === 1, 3000, 'running');
    await sb.close();
    assert.ok(existsSync(file));
  }
  const sb2 = await sandbox(t, { persistFile: file, timeScale: 1000 });
  const got = await call(sb2.url, w, 'GET', `/deployments/${id}`);
  assert.equal(got.json.name, 'persisted');
  assert.equal(got.json.status, 'RUNNING');
  assert.equal(got.json.active_jobs, 1);
  assert.equal((await call(sb2.url, w, 'POST', '/deployments/vaults/create')).json.vault, vault);
  // the persisted vault key still signs headers; the worker carries on
  assert.equal((await call(sb2.url, w, 'GET', `/deployments/${id}/header`)).status, 200);
  await call(sb2.url, w, 'POST', `/deployments/${id}/stop`);
  await waitFor(async () => (await statusOf(sb2.url, w, id)) === 'STOPPED', 3000, 'STOPPED after restart');
  await sb2.close();
  rmSync(dir, { recursive: true, force: true });
});

test('seed: demo wallet with a funded vault and deployments in several statuses', async (t) => {
  const sb = await sandbox(t, { seed: true, timeScale: 1000 });
  const demo = { headers: () => authHeaders(DEMO_WALLET) };
  assert.equal(sb.demoWallet.address, DEMO_WALLET.address);
  const list = await call(sb.url, demo, 'GET', '/deployments');
  assert.equal(list.json.pagination.total_items, 4);
  const strategies = new Set(list.json.deployments.map((d) => d.strategy));
  assert.equal(strategies.size, 4);
  await waitFor(async () => {
    const l = (await call(sb.url, demo, 'GET', '/deployments?status=RUNNING')).json;
    return l.pagination.total_items === 2;
  }, 3000, 'two seeded deployments RUNNING');
  const statuses = (await call(sb.url, demo, 'GET', '/deployments')).json.deployments.map((d) => d.status).sort();
  assert.deepEqual(statuses, ['DRAFT', 'RUNNING', 'RUNNING', 'STOPPED']);
  const wallet = await (await fetch(`${sb.url}/_sandbox/demo-wallet`)).json();
  assert.equal(wallet.address, DEMO_WALLET.address);
  assert.equal(wallet.secretKeyHex.length, 64);
  // the demo API key acts as the demo wallet (as through the client manager)
  assert.equal(wallet.apiKey, 'nos_sandbox_demo');
  const byKey = await call(sb.url, null, 'GET', '/deployments', undefined, { authorization: `Bearer ${wallet.apiKey}` });
  assert.equal(byKey.json.pagination.total_items, 4);
  const [vault] = (await call(sb.url, demo, 'GET', '/deployments/vaults')).json;
  const bal = await (await fetch(`${sb.url}/_sandbox/vaults/${vault.vault}/balance`)).json();
  assert.ok(bal.balance.SOL > 0 && bal.balance.NOS > 0);
});
