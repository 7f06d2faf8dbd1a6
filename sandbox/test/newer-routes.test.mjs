// Today's DM routes (addendum §3–§9) as the sandbox answers them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, newWallet, call, createBody, createDeployment, openStream, waitFor, nginxJobDefinition, DEFAULT_MARKET, testStart, frameErrors } from '../testkit.mjs';
import { batchJobDefinition } from '../lib/jobdef.mjs';
import { walletFromSeed } from '../lib/crypto.mjs';
import { sshKey } from './sshkeys.mjs';

const OTHER_MARKET = '7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq';
/** A 43-character market: with a space added it still fits the schema (≤ 44), and the handler trims it. */
const SHORT_MARKET = (() => { for (let i = 0; ; i++) { const a = walletFromSeed(Buffer.alloc(32, i)).address; if (a.length === 43) return a; } })();
const STATUSES = ['DRAFT', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'ERROR', 'INSUFFICIENT_FUNDS', 'ARCHIVED'];
const ARCHIVED = { error: 'Cannot modify an archived deployment.' };
const NO_ENDPOINTS = 'Startup timeout requires the job definition to expose at least one port; without one the job can never report that it came online.';
const control = async (sb, path, body) => (await fetch(`${sb.url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();
const noResponseViolations = (sb) => assert.deepEqual(sb.state.strictViolations.filter((v) => v.kind === 'response'), []);

// Every new action on every status: what the sandbox answers (the §4 table of the addendum).
const ACTIONS = {
  duplicate: { method: 'POST', path: 'duplicate', body: undefined, archived: 200 },
  listSshKeys: { method: 'GET', path: 'ssh-keys', body: undefined, archived: 200 },
  updateMarket: { method: 'PATCH', path: 'update-market', body: { market: OTHER_MARKET }, archived: 500 },
  updateRequirements: { method: 'PATCH', path: 'update-requirements', body: { requirements: { gpu: 'rtx4090' }, market: OTHER_MARKET }, archived: 500 },
  updateStartupTimeout: { method: 'PATCH', path: 'update-startup-timeout', body: { startup_timeout: 5 }, archived: 500 },
  addSshKeys: { method: 'POST', path: 'ssh-keys', body: { public_keys: [sshKey()] }, archived: 500 },
  revokeSshKeys: { method: 'DELETE', path: 'ssh-keys', body: { public_keys: [sshKey()] }, archived: 500 },
};

test('every new action × every status: allowed, or 500 "Cannot modify an archived deployment." on ARCHIVED', async (t) => {
  // the worker never ticks, so each deployment stays in the status it is put in
  const sb = await sandbox(t, { timeScale: 0, startAt: testStart(), tickMs: 1e9, strict: true });
  const w = newWallet();
  for (const [name, action] of Object.entries(ACTIONS)) {
    for (const status of STATUSES) {
      const d = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 120, ssh_public_keys: [sshKey()] });
      sb.state.deployment(d.id).status = status;
      const r = await call(sb.url, w, action.method, `/deployments/${d.id}/${action.path}`, action.body);
      const expected = status === 'ARCHIVED' ? action.archived : 200;
      assert.equal(r.status, expected, `${name} on ${status}: ${r.text}`);
      if (expected === 500) assert.deepEqual(r.json, ARCHIVED);
      assert.equal(sb.state.deployment(d.id).status, status, `${name} leaves the status of ${status} alone`);
    }
  }
  noResponseViolations(sb);
});

test('create: idempotency key — 409 exactly, list by key, owner-scoped, released by delete only', async (t) => {
  const sb = await sandbox(t, { strict: true });
  const w = newWallet();
  const first = await call(sb.url, w, 'POST', '/deployments/create', createBody({ idempotency_key: 'app:1/a_b.c-d' }));
  assert.equal(first.status, 200);
  assert.equal('idempotency_key' in first.json, false, 'not in the Deployment');
  const again = await call(sb.url, w, 'POST', '/deployments/create', createBody({ idempotency_key: 'app:1/a_b.c-d', name: 'other' }));
  assert.deepEqual([again.status, again.json], [409, { error: 'A deployment with this idempotency key already exists' }]);
  const byKey = await call(sb.url, w, 'GET', '/deployments?idempotency_key=app%3A1%2Fa_b.c-d');
  assert.deepEqual(byKey.json.deployments.map((d) => d.id), [first.json.id]);
  assert.equal(byKey.json.pagination.total_items, 1);
  assert.deepEqual((await call(sb.url, w, 'GET', '/deployments?idempotency_key=none')).json.deployments, []);
  assert.equal((await call(sb.url, w, 'GET', `/deployments?idempotency_key=${'k'.repeat(129)}`)).json.code, 'FST_ERR_VALIDATION');
  // another owner may use the same key, and sees only its own
  const other = newWallet();
  assert.equal((await call(sb.url, other, 'POST', '/deployments/create', createBody({ idempotency_key: 'app:1/a_b.c-d' }))).status, 200);
  assert.equal((await call(sb.url, other, 'GET', '/deployments?idempotency_key=app%3A1%2Fa_b.c-d')).json.deployments.length, 1);
  // bad keys: the schema's bare 400
  for (const key of ['', 'k'.repeat(129), 'has space', 'ümlaut', 'k?']) {
    assert.deepEqual((await call(sb.url, w, 'POST', '/deployments/create', createBody({ idempotency_key: key }))).json, { error: 'Bad Request' }, key);
  }
  assert.equal((await call(sb.url, w, 'POST', '/deployments/create', createBody({ idempotency_key: 'k'.repeat(128) }))).status, 200);
  // archiving keeps the key; deleting (STOPPED) releases it
  sb.state.setStatus(sb.state.deployment(first.json.id), 'STOPPED');
  assert.equal((await call(sb.url, w, 'DELETE', `/deployments/${first.json.id}`)).status, 204);
  assert.equal((await call(sb.url, w, 'POST', '/deployments/create', createBody({ idempotency_key: 'app:1/a_b.c-d' }))).status, 200);
  const kept = await createDeployment(sb.url, w, { idempotency_key: 'kept' });
  sb.state.setStatus(sb.state.deployment(kept.id), 'STOPPED');
  assert.equal((await call(sb.url, w, 'POST', `/deployments/${kept.id}/archive`)).status, 200);
  assert.equal((await call(sb.url, w, 'POST', '/deployments/create', createBody({ idempotency_key: 'kept' }))).status, 409);
  noResponseViolations(sb);
});

test('create: market, requirements, startup_timeout and SSH keys', async (t) => {
  const sb = await sandbox(t, { strict: true });
  const w = newWallet();
  const bare = async (over) => (await call(sb.url, w, 'POST', '/deployments/create', createBody(over))).json;
  for (const over of [{ market: 'not-a-key' }, { requirements: {} }, { requirements: { gpu: { model: 'x' } } }, { requirements: { gpu: null } },
    { requirements: { ['k'.repeat(257)]: 1 } }, { ssh_public_keys: [''] }, { strategy: 'INFINITE', timeout: 120, startup_timeout: 0 }]) {
    assert.deepEqual(await bare(over), { error: 'Bad Request' }, JSON.stringify(over).slice(0, 80));
  }
  const req = await call(sb.url, w, 'POST', '/deployments/create', createBody({ market: ` ${SHORT_MARKET}`, requirements: { ['k'.repeat(256)]: 1, gpu: 'rtx4090', cuda: true } }));
  assert.equal(req.status, 200);
  assert.equal(req.json.market, SHORT_MARKET, 'trimmed');
  assert.deepEqual(req.json.requirements, { ['k'.repeat(256)]: 1, gpu: 'rtx4090', cuda: true });
  assert.equal((await createDeployment(sb.url, w)).requirements, null);
  // startup_timeout: INFINITE with an exposed port; silently dropped on other strategies
  const inf = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 120, startup_timeout: 15 });
  assert.equal(inf.startup_timeout, 15);
  const noPort = await call(sb.url, w, 'POST', '/deployments/create', createBody({ strategy: 'INFINITE', timeout: 120, startup_timeout: 15, job_definition: batchJobDefinition() }));
  assert.deepEqual([noPort.status, noPort.json], [400, { error: NO_ENDPOINTS }]);
  const emptyExpose = nginxJobDefinition();
  emptyExpose.ops[0].args.expose = [];
  assert.deepEqual((await call(sb.url, w, 'POST', '/deployments/create', createBody({ strategy: 'INFINITE', timeout: 120, startup_timeout: 15, job_definition: emptyExpose }))).json, { error: NO_ENDPOINTS });
  assert.equal('startup_timeout' in (await createDeployment(sb.url, w, { startup_timeout: 15, job_definition: batchJobDefinition() })), false);
  // SSH keys: the embedded block is checked, moved off the revision; top-level keys win; never in Deployment
  const k1 = sshKey('ssh-ed25519', '1'); const k2 = sshKey('ssh-rsa', '2');
  const bad = await call(sb.url, w, 'POST', '/deployments/create', createBody({ job_definition: { ...nginxJobDefinition(), ssh: { public_keys: [k1, 'ssh-dss AAAA'] } } }));
  assert.deepEqual([bad.status, bad.json], [400, { error: 'job_definition.ssh.public_keys: public_keys[1] is not a valid OpenSSH public key (expected "<algorithm> <base64> [comment]").' }]);
  const badTop = await call(sb.url, w, 'POST', '/deployments/create', createBody({ ssh_public_keys: Array.from({ length: 11 }, (_, i) => sshKey('ssh-ed25519', `n${i}`)) }));
  assert.deepEqual([badTop.status, badTop.json], [400, { error: 'ssh_public_keys: A job can contain at most 10 SSH public keys.' }]);
  const embedded = await createDeployment(sb.url, w, { job_definition: { ...nginxJobDefinition(), ssh: { public_keys: [` ${k1} `, `${k1} same-key`] } } });
  assert.equal('ssh_public_keys' in embedded, false);
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${embedded.id}/ssh-keys`)).json, { public_keys: [k1] });
  const rev = (await call(sb.url, w, 'GET', `/deployments/${embedded.id}/revisions`)).json.revisions[0];
  assert.equal('ssh' in rev.job_definition, false, 'revisions never hold keys');
  const top = await createDeployment(sb.url, w, { ssh_public_keys: [k2, `${k2} dup`], job_definition: { ...nginxJobDefinition(), ssh: { public_keys: [k1] } } });
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${top.id}/ssh-keys`)).json, { public_keys: [k2] });
  const none = await createDeployment(sb.url, w, { ssh_public_keys: [], job_definition: { ...nginxJobDefinition(), ssh: { public_keys: [k1] } } });
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${none.id}/ssh-keys`)).json, { public_keys: [] });
  noResponseViolations(sb);
});

test('duplicate: optional body, defaults, overrides, detailed 400s, from ARCHIVED, source untouched', async (t) => {
  const sb = await sandbox(t, { strict: true });
  const w = newWallet();
  const k = sshKey();
  const src = await createDeployment(sb.url, w, { name: 'src', strategy: 'INFINITE', timeout: 120, rotation_time: 30, startup_timeout: 7,
    ssh_public_keys: [k], requirements: { gpu: 'a100' }, confidential: true });
  await call(sb.url, w, 'POST', `/deployments/${src.id}/create-revision`, nginxJobDefinition('web2'));
  // no body at all, and no content type
  const res = await fetch(`${sb.url}/deployments/${src.id}/duplicate`, { method: 'POST', headers: w.headers() });
  assert.equal(res.status, 200);
  const copy = await res.json();
  assert.notEqual(copy.id, src.id);
  assert.deepEqual({ name: copy.name, status: copy.status, vault: copy.vault, market: copy.market, replicas: copy.replicas, timeout: copy.timeout, strategy: copy.strategy,
    rotation_time: copy.rotation_time, startup_timeout: copy.startup_timeout, confidential: copy.confidential, active_revision: copy.active_revision, active_jobs: copy.active_jobs, requirements: copy.requirements },
  { name: 'src (copy)', status: 'DRAFT', vault: src.vault, market: src.market, replicas: 1, timeout: 120, strategy: 'INFINITE', rotation_time: 30, startup_timeout: 7,
    confidential: true, active_revision: 1, active_jobs: 0, requirements: null });
  assert.deepEqual(copy.endpoints.map((e) => [e.opId, e.online]), [['web2', false]], 'from the active revision, endpoints re-derived offline');
  assert.notEqual(copy.endpoints[0].url, (await call(sb.url, w, 'GET', `/deployments/${src.id}`)).json.endpoints[0].url, 'URLs for the new id');
  const revs = (await call(sb.url, w, 'GET', `/deployments/${copy.id}/revisions`)).json.revisions;
  assert.deepEqual(revs.map((r) => [r.revision, r.job_definition.ops[0].id, r.job_definition.deployment_id]), [[1, 'web2', copy.id]]);
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${copy.id}/ssh-keys`)).json, { public_keys: [k] });
  // overrides, autostart, {} body
  const named = await call(sb.url, w, 'POST', `/deployments/${src.id}/duplicate`, { name: 'n', market: OTHER_MARKET, autostart: true });
  assert.deepEqual([named.json.name, named.json.market, named.json.status], ['n', OTHER_MARKET, 'STARTING']);
  assert.equal((await call(sb.url, w, 'POST', `/deployments/${src.id}/duplicate`, {})).json.name, 'src (copy)');
  for (const body of [{ name: '' }, { name: 42 }, { autostart: 'yes' }, { market: 'short' }]) {
    const r = await call(sb.url, w, 'POST', `/deployments/${src.id}/duplicate`, body);
    assert.equal(r.status, 400);
    assert.equal(r.json.code, 'FST_ERR_VALIDATION', JSON.stringify(body));
    assert.match(r.json.message, /^body\//);
  }
  // from ARCHIVED; the source is never modified
  sb.state.setStatus(sb.state.deployment(src.id), 'ARCHIVED');
  const before = (await call(sb.url, w, 'GET', `/deployments/${src.id}`)).json;
  assert.equal((await call(sb.url, w, 'POST', `/deployments/${src.id}/duplicate`)).json.status, 'DRAFT');
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${src.id}`)).json, before);
  assert.equal((await call(sb.url, newWallet(), 'POST', `/deployments/${src.id}/duplicate`)).status, 404);
  noResponseViolations(sb);
});

test('update-market: trimmed, same market changes nothing, RUNNING jobs on the old market stopped and replaced', async (t) => {
  const sb = await sandbox(t, { timeScale: 0, startAt: testStart(), strict: true });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { replicas: 2, timeout: 600, autostart: true });
  await waitFor(async () => (await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json.status === 'RUNNING', 2000, 'RUNNING');
  sb.advance(31_000);
  const old = (await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs?state=RUNNING`)).json.jobs;
  assert.equal(old.length, 2);
  const stored = sb.state.deployment(d.id).updated_at;
  sb.advance(1000);
  const same = await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-market`, { market: DEFAULT_MARKET });
  assert.equal(same.json.market, DEFAULT_MARKET);
  assert.notEqual(same.json.updated_at, stored, 'a fresh updated_at in the answer');
  assert.equal(sb.state.deployment(d.id).updated_at, stored, 'nothing written');
  assert.equal(sb.state.tasksOf(d.id).filter((x) => x.task === 'STOP').length, 0);
  const bad = await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-market`, { market: 'nope' });
  assert.deepEqual([bad.status, bad.json.code], [400, 'FST_ERR_VALIDATION']);
  assert.equal((await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-market`, {})).json.message, "body must have required property 'market'");
  const moved = await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-market`, { market: OTHER_MARKET });
  assert.deepEqual(Object.keys(moved.json), ['market', 'updated_at']);
  assert.equal(moved.json.market, OTHER_MARKET);
  sb.advance(0);
  const jobs = (await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs?limit=10`)).json.jobs;
  assert.deepEqual(jobs.filter((j) => old.some((o) => o.job === j.job)).map((j) => j.state), ['STOPPED', 'STOPPED']);
  const fresh = jobs.filter((j) => !old.some((o) => o.job === j.job));
  assert.deepEqual(fresh.map((j) => [j.state, j.market]), [['QUEUED', OTHER_MARKET], ['QUEUED', OTHER_MARKET]]);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json.status, 'RUNNING');
  // not RUNNING: only stored (trimmed)
  const draft = await createDeployment(sb.url, w);
  assert.equal((await call(sb.url, w, 'PATCH', `/deployments/${draft.id}/update-market`, { market: `${SHORT_MARKET} ` })).json.market, SHORT_MARKET);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${draft.id}`)).json.market, SHORT_MARKET);
  assert.deepEqual(sb.state.tasksOf(draft.id), []);
  noResponseViolations(sb);
});

test('update-requirements: both fields required, null clears, reservations and the shortfall event', async (t) => {
  const sb = await sandbox(t, { timeScale: 0, startAt: testStart(), strict: true });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { replicas: 2, timeout: 600 });
  const path = `/deployments/${d.id}/update-requirements`;
  for (const body of [{ market: DEFAULT_MARKET }, { requirements: { gpu: 'x' } }, { requirements: {}, market: DEFAULT_MARKET },
    { requirements: { gpu: [1] }, market: DEFAULT_MARKET }, { requirements: { gpu: null }, market: DEFAULT_MARKET }, { requirements: { gpu: 'x' }, market: 'short' }]) {
    const r = await call(sb.url, w, 'PATCH', path, body);
    assert.deepEqual([r.status, r.json.code], [400, 'FST_ERR_VALIDATION'], JSON.stringify(body));
  }
  const set = await call(sb.url, w, 'PATCH', path, { requirements: { gpu: 'rtx4090', vram: 24, cuda: true }, market: DEFAULT_MARKET });
  assert.deepEqual(Object.keys(set.json), ['requirements', 'market', 'updated_at']);
  assert.deepEqual(set.json.requirements, { gpu: 'rtx4090', vram: 24, cuda: true });
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json.requirements, { gpu: 'rtx4090', vram: 24, cuda: true });
  // one node matches: one job listed, a shortfall for the other
  assert.deepEqual(await control(sb, '/_sandbox/reservations', { reservableNodes: 1 }), { reservableNodes: 1 });
  await call(sb.url, w, 'POST', `/deployments/${d.id}/start`);
  await waitFor(async () => (await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs`)).json.jobs.length === 1, 2000, 'one job');
  const events = (await call(sb.url, w, 'GET', `/deployments/${d.id}/events?sort_order=asc`)).json.events.map((e) => [e.type, e.message]);
  assert.deepEqual(events.filter(([type]) => type.startsWith('JOB_RESERVE')), [
    ['JOB_RESERVE_SHORTFALL', '1 of 2 job(s) waiting for a matching node'], ['JOB_RESERVE_CONFIRMED', 'Reserved 1 node(s) meeting the requirements.']]);
  await control(sb, '/_sandbox/reservations', { reservableNodes: null });
  sb.advance(600_000);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs`)).json.jobs.length, 2, 'the waiting job listed at the retry');
  const cleared = await call(sb.url, w, 'PATCH', path, { requirements: null, market: DEFAULT_MARKET });
  assert.equal(cleared.json.requirements, null);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json.requirements, null);
  noResponseViolations(sb);
});

test('update-startup-timeout: INFINITE with endpoints only, the exact 400s, unchanged value not written', async (t) => {
  const sb = await sandbox(t, { strict: true });
  const w = newWallet();
  const inf = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 120 });
  const path = `/deployments/${inf.id}/update-startup-timeout`;
  for (const body of [{}, { startup_timeout: 0 }, { startup_timeout: null }, { startup_timeout: '5' }]) {
    assert.deepEqual(await call(sb.url, w, 'PATCH', path, body).then((r) => [r.status, r.json]), [400, { error: 'Bad Request' }], JSON.stringify(body));
  }
  const ok = await call(sb.url, w, 'PATCH', path, { startup_timeout: 12.5 });
  assert.deepEqual([ok.status, Object.keys(ok.json), ok.json.startup_timeout], [200, ['startup_timeout', 'updated_at'], 12.5]);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${inf.id}`)).json.startup_timeout, 12.5);
  const stored = sb.state.deployment(inf.id).updated_at;
  await new Promise((r) => setTimeout(r, 5));
  assert.equal((await call(sb.url, w, 'PATCH', path, { startup_timeout: 12.5 })).status, 200);
  assert.equal(sb.state.deployment(inf.id).updated_at, stored);
  const simple = await createDeployment(sb.url, w);
  assert.deepEqual((await call(sb.url, w, 'PATCH', `/deployments/${simple.id}/update-startup-timeout`, { startup_timeout: 5 })).json, { error: 'Deployment is using an incorrect strategy.' });
  const batch = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 120, job_definition: batchJobDefinition() });
  const r = await call(sb.url, w, 'PATCH', `/deployments/${batch.id}/update-startup-timeout`, { startup_timeout: 5 });
  assert.deepEqual([r.status, r.json], [400, { error: NO_ENDPOINTS }]);
  noResponseViolations(sb);
});

test('ssh-keys: list, add (validated, merged, per-job results, event), revoke by identity, no-ops, caps', async (t) => {
  const sb = await sandbox(t, { timeScale: 0, startAt: testStart(), strict: true });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { replicas: 2, timeout: 600, autostart: true });
  await waitFor(async () => (await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json.status === 'RUNNING', 2000, 'RUNNING');
  sb.advance(31_000);
  const running = (await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs?state=RUNNING&sort_order=asc`)).json.jobs;
  const path = `/deployments/${d.id}/ssh-keys`;
  assert.deepEqual((await call(sb.url, w, 'GET', path)).json, { public_keys: [] });
  const k1 = sshKey('ssh-ed25519', '1'); const k2 = sshKey('ecdsa-sha2-nistp256', '2');
  // schema failures: the bare 400; the DM's messages for bad keys
  for (const body of [{}, { public_keys: [''] }, { public_keys: 'x' }]) assert.deepEqual((await call(sb.url, w, 'POST', path, body)).json, { error: 'Bad Request' });
  assert.deepEqual((await call(sb.url, w, 'DELETE', path, {})).json, { error: 'Bad Request' });
  const bad = await call(sb.url, w, 'POST', path, { public_keys: [k1, `${k2} two words`] });
  assert.deepEqual([bad.status, bad.json], [400, { error: 'public_keys[1] is not a valid OpenSSH public key (expected "<algorithm> <base64> [comment]").' }]);
  await control(sb, '/_sandbox/ssh-failures', { jobs: [running[1].job] });
  const added = await call(sb.url, w, 'POST', path, { public_keys: [` ${k1} me@laptop\n`, `${k1} again`, k2] });
  assert.equal(added.status, 200);
  assert.deepEqual(added.json.public_keys, [`${k1} me@laptop`, k2]);
  assert.deepEqual(added.json.jobs, [{ job: running[0].job, node: running[0].node, status: 'authorized' },
    { job: running[1].job, node: running[1].node, status: 'failed', error: `Node ${running[1].node} did not answer within 10 s.` }]);
  assert.deepEqual((await call(sb.url, w, 'GET', path)).json, { public_keys: [`${k1} me@laptop`, k2] });
  const events = (await call(sb.url, w, 'GET', `/deployments/${d.id}/events?type=SSH_KEYS_UPDATED`)).json.events;
  assert.deepEqual(events.map((e) => [e.category, e.message]), [['Deployment', 'SSH keys added (2 new, 2 total); authorized on 1/2 running job(s).']]);
  // nothing new (same identity, other comment): 200, the stored updated_at, no jobs, no event
  const noop = await call(sb.url, w, 'POST', path, { public_keys: [`${k1} other`] });
  assert.deepEqual(noop.json, { public_keys: [`${k1} me@laptop`, k2], updated_at: added.json.updated_at, jobs: [] });
  // the caps count the merged set
  const eleven = await call(sb.url, w, 'POST', path, { public_keys: Array.from({ length: 9 }, (_, i) => sshKey('ssh-ed25519', `m${i}`)) });
  assert.deepEqual([eleven.status, eleven.json], [400, { error: 'A job can contain at most 10 SSH public keys.' }]);
  // revoke: DELETE with a JSON body, matched by type + blob whatever the comment, not validated beyond the schema
  await control(sb, '/_sandbox/ssh-failures', { jobs: [] });
  const revoked = await call(sb.url, w, 'DELETE', path, { public_keys: [`${k1} another-comment`, 'not a key at all'] });
  assert.deepEqual(revoked.json.public_keys, [k2]);
  assert.deepEqual(revoked.json.jobs.map((j) => j.status), ['revoked', 'revoked']);
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${d.id}/events?type=SSH_KEYS_UPDATED&sort_order=asc`)).json.events.map((e) => e.message).at(-1),
    'SSH keys revoked (1 removed, 1 total); revoked on 2/2 running job(s).');
  const none = await call(sb.url, w, 'DELETE', path, { public_keys: [k1] });
  assert.deepEqual(none.json, { public_keys: [k2], updated_at: revoked.json.updated_at, jobs: [] });
  assert.deepEqual((await call(sb.url, w, 'DELETE', path, { public_keys: [k2] })).json.public_keys, []);
  assert.equal('ssh_public_keys' in sb.state.deployment(d.id), false, 'the last key removed unsets the field');
  // keys changes create no revision
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json.active_revision, 1);
  assert.equal((await call(sb.url, newWallet(), 'GET', path)).status, 404);
  noResponseViolations(sb);
});

test('create-revision: a non-empty ssh block replaces the keys and never reaches the revision', async (t) => {
  const sb = await sandbox(t, { strict: true });
  const w = newWallet();
  const k1 = sshKey('ssh-ed25519', '1'); const k2 = sshKey('ssh-ed25519', '2');
  const d = await createDeployment(sb.url, w, { ssh_public_keys: [k1] });
  await call(sb.url, w, 'POST', `/deployments/${d.id}/create-revision`, nginxJobDefinition('web2'));
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${d.id}/ssh-keys`)).json.public_keys, [k1], 'kept without a block');
  const r = await call(sb.url, w, 'POST', `/deployments/${d.id}/create-revision`, { ...nginxJobDefinition('web3'), ssh: { public_keys: [k2] } });
  assert.equal(r.status, 200);
  assert.ok(r.json.revisions.every((x) => !('ssh' in x.job_definition)));
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${d.id}/ssh-keys`)).json.public_keys, [k2]);
  noResponseViolations(sb);
});

test('endpoints: online while a job runs, one URL per port, endpoint frames restated live', async (t) => {
  const sb = await sandbox(t, { timeScale: 0, startAt: testStart(), strict: true });
  const w = newWallet();
  const jd = { version: '0.1', type: 'container', ops: [{ id: 'api', type: 'container/run', args: { image: 'x', expose: [8000, 9000] } }] };
  const d = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 120, job_definition: jd });
  assert.deepEqual(d.endpoints.map((e) => [e.port, e.online]), [[8000, false], [9000, false]]);
  assert.notEqual(d.endpoints[0].url, d.endpoints[1].url);
  const s = await openStream(sb.url, w, d.id);
  t.after(() => s.close());
  await waitFor(() => s.frames.length === 4, 2000, 'snapshot');
  assert.deepEqual(s.frames.slice(2), d.endpoints.map((e) => ({ type: 'endpoint', ...e })));
  await call(sb.url, w, 'POST', `/deployments/${d.id}/start`);
  await waitFor(async () => (await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json.status === 'RUNNING', 2000, 'RUNNING');
  sb.advance(31_000);
  await waitFor(() => s.frames.filter((f) => f.type === 'endpoint').length === 4, 2000, 'online frames');
  assert.deepEqual(s.frames.filter((f) => f.type === 'endpoint').slice(2).map((f) => [f.port, f.online]), [[8000, true], [9000, true]]);
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${d.id}`)).json.endpoints.map((e) => e.online), [true, true]);
  assert.deepEqual((await call(sb.url, w, 'GET', '/deployments')).json.deployments[0].endpoints.map((e) => e.online), [true, true]);
  assert.deepEqual(frameErrors(s.frames), []);
  noResponseViolations(sb);
});

test('the removed update-ssh-keys answers fastify\'s 404', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const d = await createDeployment(sb.url, w);
  const r = await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-ssh-keys`, { public_keys: [] });
  assert.deepEqual([r.status, r.json], [404, { message: `Route PATCH:/deployments/${d.id}/update-ssh-keys not found`, error: 'Not Found', statusCode: 404 }]);
});
