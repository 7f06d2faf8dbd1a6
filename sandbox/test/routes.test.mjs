import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import bs58 from 'bs58';
import { decompileTransactionMessage, getBase64Encoder, getCompiledTransactionMessageDecoder, getTransactionDecoder } from '@solana/kit';
import { sandbox, newWallet, call, createBody, createDeployment, waitFor, statusOf, nginxJobDefinition } from '../testkit.mjs';
import { publicKeyObject } from '../lib/crypto.mjs';

const SHORT = 'abc';

test('auth: good, wrong key, expired, missing, malformed', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const ok = await call(sb.url, w, 'GET', '/deployments');
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json, { deployments: [], pagination: { cursor_next: null, cursor_prev: null, total_items: 0 } });
  // fresh timestamp, any message
  assert.equal((await call(sb.url, null, 'GET', '/deployments', undefined, w.headers({ message: 'Anything', timestamp: Date.now() }))).status, 200);
  // missing
  const missing = await call(sb.url, null, 'GET', '/deployments');
  assert.equal(missing.status, 401);
  assert.match(missing.headers.get('content-type'), /^text\/plain/);
  assert.equal(missing.text, 'Unauthorized, missing or invalid headers');
  // wrong key: signed by w2, claims w
  const w2 = newWallet();
  const wrong = await call(sb.url, null, 'GET', '/deployments', undefined, { ...w2.headers(), 'x-user-id': w.address });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.text, 'Unauthorized');
  // expired
  const expired = await call(sb.url, null, 'GET', '/deployments', undefined, w.headers({ timestamp: Date.now() - 301_000 }));
  assert.equal(expired.status, 500);
  assert.deepEqual(expired.json, { error: 'Internal Server Error' });
  // malformed
  const bearer = await call(sb.url, null, 'GET', '/deployments', undefined, { 'x-user-id': w.address, authorization: 'Bearer nos_123' });
  assert.equal(bearer.status, 500);
  const badUser = await call(sb.url, null, 'GET', '/deployments', undefined, { ...w.headers(), 'x-user-id': 'not-a-key' });
  assert.equal(badUser.status, 500);
  // auth runs before body validation
  assert.equal((await call(sb.url, null, 'POST', '/deployments/create', { nope: 1 })).status, 401);
});

test('create: success shape, /api prefix, vault reuse, endpoints and quirks', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const r = await call(sb.url, w, 'POST', '/api/deployments/create', createBody({ name: 'n1' }));
  assert.equal(r.status, 200);
  const d = r.json;
  assert.equal(d.status, 'DRAFT');
  assert.equal(d.owner, w.address);
  assert.equal(d.active_jobs, 0);
  assert.equal(d.active_revision, 1);
  assert.ok(d.id.length === 43 || d.id.length === 44);
  assert.equal(d.endpoints.length, 1);
  assert.equal(d.endpoints[0].port, 80);
  assert.match(d.endpoints[0].url, /^https:\/\/[1-9A-HJ-NP-Za-km-z]{44}\.node\.k8s\.prd\.nos\.ci$/);
  const d2 = await createDeployment(sb.url, w, { strategy: 'INFINITE', timeout: 120, autostart: true, extra_field: 'accepted' });
  assert.equal(d2.vault, d.vault, 'oldest vault reused');
  assert.equal(d2.status, 'STARTING');
  assert.equal(d2.rotation_time, 20, 'default rotation_time');
  const d3 = await createDeployment(sb.url, w, { new_vault: true });
  assert.notEqual(d3.vault, d.vault);
  const d4 = await createDeployment(sb.url, w, { vault: d3.vault });
  assert.equal(d4.vault, d3.vault);
  const sched = await createDeployment(sb.url, w, { strategy: 'SCHEDULED', schedule: '*/5 * * * *' });
  assert.equal(sched.schedule, '*/5 * * * *');
  // another owner's vault → 404
  const other = newWallet();
  const nf = await call(sb.url, other, 'POST', '/deployments/create', createBody({ vault: d.vault }));
  assert.deepEqual([nf.status, nf.json], [404, { error: 'Vault not found.' }]);
  // rotation_time rule
  const rot = await call(sb.url, w, 'POST', '/deployments/create', createBody({ strategy: 'INFINITE', timeout: 60, rotation_time: 55 }));
  assert.deepEqual([rot.status, rot.json], [400, { error: 'Rotation time must be at least 10 minutes less than timeout.' }]);
  // revision 1 stored, augmented
  const revs = await call(sb.url, w, 'GET', `/deployments/${d.id}/revisions`);
  assert.equal(revs.json.revisions[0].job_definition.deployment_id, d.id);
  assert.equal(revs.json.revisions[0].job_definition.meta.trigger, 'deployment-manager');
});

test('create: every invalid body answers {"error":"Bad Request"} without detail', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const bad = [
    { replicas: 0 }, { timeout: 0.5 }, { replicas: '1' }, { strategy: 'SCHEDULED' }, { strategy: 'SCHEDULED', schedule: '* * * *' },
    { strategy: 'SCHEDULED', schedule: '@daily' }, { strategy: 'INFINITE', timeout: 59 }, { strategy: 'NOPE' },
    { vault: 'x'.repeat(44), new_vault: true }, { vault: SHORT }, { confidential: 'yes' },
    { job_definition: { version: '0.1', type: 'container' } }, { job_definition: { ...nginxJobDefinition(), version: '0.2' } },
    { job_definition: { version: '0.1', type: 'container', ops: [{ id: 'a', type: 'container/run', args: {} }] } },
    { job_definition: { ...nginxJobDefinition(), unknown_key: 1 } },
  ];
  for (const over of bad) {
    const r = await call(sb.url, w, 'POST', '/deployments/create', createBody(over));
    assert.deepEqual([r.status, r.json], [400, { error: 'Bad Request' }], JSON.stringify(over));
  }
  const textBody = await call(sb.url, w, 'POST', '/deployments/create', JSON.stringify(createBody()), { 'content-type': 'text/plain' });
  assert.deepEqual([textBody.status, textBody.json], [400, { error: 'Bad Request' }]);
  // accepted oddities (§4.1)
  for (const over of [{ replicas: 1.5 }, { name: '' }, { strategy: 'SCHEDULED', schedule: '61 * * * *' }]) {
    assert.equal((await call(sb.url, w, 'POST', '/deployments/create', createBody(over))).status, 200, JSON.stringify(over));
  }
});

test('transport errors: invalid JSON 500, 413 over 1 MiB, bad ids, unknown route, CORS', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const inv = await call(sb.url, w, 'POST', '/deployments/create', '{"name":', { 'content-type': 'application/json' });
  assert.deepEqual([inv.status, inv.json], [500, { error: 'Internal Server Error' }]);
  const big = await call(sb.url, w, 'POST', '/deployments/create', createBody({ name: 'x'.repeat(1024 * 1024 + 10) }));
  assert.equal(big.status, 413);
  assert.equal(big.json.code, 'FST_ERR_CTP_BODY_TOO_LARGE');
  const short = await call(sb.url, w, 'GET', `/deployments/${SHORT}`);
  assert.deepEqual([short.status, short.json], [400, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: 'params/deployment must NOT have fewer than 43 characters' }]);
  const long = await call(sb.url, w, 'GET', `/deployments/${'1'.repeat(45)}`);
  assert.equal(long.json.message, 'params/deployment must NOT have more than 44 characters');
  const unknown = await call(sb.url, w, 'GET', '/nope');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error, 'Not Found');
  // CORS
  const pre = await fetch(`${sb.url}/api/deployments/x/update-name`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'x-user-id,authorization,content-type' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  assert.match(pre.headers.get('access-control-allow-methods'), /PATCH/);
  assert.equal(pre.headers.get('access-control-allow-headers'), 'x-user-id,authorization,content-type');
  const get = await call(sb.url, w, 'GET', '/deployments', undefined, { origin: 'http://a.test' });
  assert.equal(get.headers.get('access-control-allow-origin'), 'http://a.test');
});

test('CORS like the DM when corsAllowAllMethods is false', async (t) => {
  const sb = await sandbox(t, { corsAllowAllMethods: false });
  const pre = await fetch(`${sb.url}/deployments/x`, { method: 'OPTIONS', headers: { origin: 'http://a.test', 'access-control-request-method': 'DELETE' } });
  assert.equal(pre.headers.get('access-control-allow-methods'), 'GET,HEAD,POST');
});

test('get, ownership 404, actions and the §5.2 refusals', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000, jobRunSeconds: 3600 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w);
  const E = { error: 'Deployment is in the incorrect state.' };
  const A = { error: 'Cannot modify an archived deployment.' };
  const other = newWallet();
  for (const [m, p] of [['GET', ''], ['POST', '/start'], ['DELETE', ''], ['GET', '/jobs'], ['GET', '/stream']]) {
    const r = await call(sb.url, other, m, `/deployments/${d.id}${p}`);
    assert.deepEqual([r.status, r.json], [404, { error: 'Deployment not found.' }], `${m} ${p}`);
  }
  const get = await call(sb.url, w, 'GET', `/deployments/${d.id}`);
  assert.equal(get.json.id, d.id);
  // DRAFT: stop, archive, delete refused
  for (const [m, p] of [['POST', '/stop'], ['POST', '/archive'], ['DELETE', '']]) {
    const r = await call(sb.url, w, m, `/deployments/${d.id}${p}`);
    assert.deepEqual([r.status, r.json], [500, E], `DRAFT ${m} ${p}`);
  }
  const st = await call(sb.url, w, 'POST', `/deployments/${d.id}/start`);
  assert.equal(st.status, 200);
  assert.equal(st.json.status, 'STARTING');
  assert.ok(st.json.updated_at);
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'RUNNING', 3000, 'RUNNING');
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/${d.id}/start`)).json, E);
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/${d.id}/archive`)).json, E);
  const sp = await call(sb.url, w, 'POST', `/deployments/${d.id}/stop`);
  assert.equal(sp.json.status, 'STOPPING');
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'STOPPED', 3000, 'STOPPED');
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/${d.id}/stop`)).json, E);
  // INSUFFICIENT_FUNDS can be started; ERROR can be stopped
  sb.state.deployment(d.id).status = 'INSUFFICIENT_FUNDS';
  assert.equal((await call(sb.url, w, 'POST', `/deployments/${d.id}/start`)).status, 200);
  sb.state.deployment(d.id).status = 'ERROR';
  assert.equal((await call(sb.url, w, 'POST', `/deployments/${d.id}/stop`)).status, 200);
  await waitFor(async () => (await statusOf(sb.url, w, d.id)) === 'STOPPED', 3000, 'STOPPED again');
  const ar = await call(sb.url, w, 'POST', `/deployments/${d.id}/archive`);
  assert.equal(ar.json.status, 'ARCHIVED');
  // ARCHIVED
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/${d.id}/start`)).json, E);
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/${d.id}/stop`)).json, A);
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/${d.id}/archive`)).json, A);
  assert.deepEqual((await call(sb.url, w, 'DELETE', `/deployments/${d.id}`)).json, E);
  assert.deepEqual((await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-replica-count`, { replicas: 2 })).json, A);
  assert.deepEqual((await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-timeout`, { timeout: 90 })).json, A);
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/${d.id}/create-revision`, nginxJobDefinition())).json, A);
  assert.deepEqual((await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-active-revision`, { active_revision: 1 })).json, A);
  assert.deepEqual((await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks`)).json, A);
  const rn = await call(sb.url, w, 'PATCH', `/deployments/${d.id}/update-name`, { name: 'still renamable' });
  assert.equal(rn.json.name, 'still renamable');
});

test('STARTING cannot be stopped (worker held still)', async (t) => {
  const sb = await sandbox(t, { tickMs: 3_600_000 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { autostart: true });
  assert.equal(d.status, 'STARTING');
  const r = await call(sb.url, w, 'POST', `/deployments/${d.id}/stop`);
  assert.deepEqual([r.status, r.json], [500, { error: 'Deployment is in the incorrect state.' }]);
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/${d.id}/start`)).json, { error: 'Deployment is in the incorrect state.' });
});

test('delete: STOPPED → 204 and gone', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const d = await createDeployment(sb.url, w);
  sb.state.deployment(d.id).status = 'STOPPED';
  const del = await call(sb.url, w, 'DELETE', `/api/deployments/${d.id}`);
  assert.equal(del.status, 204);
  assert.equal(del.text, '');
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}`)).status, 404);
});

test('updates: bodies, detailed 400s, "Bad Request" routes, revisions', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const d = await createDeployment(sb.url, w);
  const base = `/deployments/${d.id}`;
  assert.deepEqual((await call(sb.url, w, 'PATCH', `${base}/update-name`, { name: 'renamed' })).json.name, 'renamed');
  const emptyName = await call(sb.url, w, 'PATCH', `${base}/update-name`, { name: '' });
  assert.equal(emptyName.json.message, 'body/name must NOT have fewer than 1 characters');
  assert.equal((await call(sb.url, w, 'PATCH', `${base}/update-replica-count`, { replicas: 0 })).json.replicas, 0);
  assert.equal((await call(sb.url, w, 'PATCH', `${base}/update-replica-count`, { replicas: 3 })).json.replicas, 3);
  const neg = await call(sb.url, w, 'PATCH', `${base}/update-replica-count`, { replicas: -1 });
  assert.deepEqual(neg.json, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: 'body/replicas must be >= 0' });
  const to = await call(sb.url, w, 'PATCH', `${base}/update-timeout`, { timeout: 59 });
  assert.equal(to.json.message, 'body/timeout must be >= 60');
  assert.equal((await call(sb.url, w, 'PATCH', `${base}/update-timeout`, { timeout: 90 })).json.timeout, 90);
  // update-schedule: wrong strategy, then bad body on a route with a 400 schema
  assert.deepEqual((await call(sb.url, w, 'PATCH', `${base}/update-schedule`, { schedule: '0 * * * *' })).json, { error: 'Deployment is using an incorrect strategy.' });
  const s = await createDeployment(sb.url, w, { strategy: 'SCHEDULED', schedule: '0 * * * *' });
  assert.deepEqual((await call(sb.url, w, 'PATCH', `/deployments/${s.id}/update-schedule`, { schedule: '0 0 * *' })).json, { error: 'Bad Request' });
  assert.equal((await call(sb.url, w, 'PATCH', `/deployments/${s.id}/update-schedule`, { schedule: '*/10 * * * *' })).json.schedule, '*/10 * * * *');
  // create-revision: the body is the job definition itself
  const wrapped = await call(sb.url, w, 'POST', `${base}/create-revision`, { job_definition: nginxJobDefinition() });
  assert.equal(wrapped.status, 400);
  assert.equal(wrapped.json.code, 'FST_ERR_VALIDATION');
  const dup = { version: '0.1', type: 'container', ops: [{ id: 'a', type: 'container/run', args: { image: 'x' } }, { id: 'a', type: 'container/run', args: { image: 'x' } }] };
  assert.equal((await call(sb.url, w, 'POST', `${base}/create-revision`, dup)).json.message, '$input.ops: Array<> & UniqueById');
  const extra = await call(sb.url, w, 'POST', `${base}/create-revision`, { ...nginxJobDefinition(), foo: 1 });
  assert.equal(extra.json.message, '$input.foo: undefined');
  const cr = await call(sb.url, w, 'POST', `${base}/create-revision`, nginxJobDefinition('web2'));
  assert.equal(cr.status, 200);
  assert.equal(cr.json.active_revision, 2);
  assert.equal(cr.json.revisions.length, 2);
  assert.equal(cr.json.endpoints[0].opId, 'web2');
  // update-active-revision
  assert.deepEqual((await call(sb.url, w, 'PATCH', `${base}/update-active-revision`, { active_revision: 9 })).json, { error: 'The specified revision does not exist.' });
  assert.deepEqual((await call(sb.url, w, 'PATCH', `${base}/update-active-revision`, { active_revision: 0 })).json, { error: 'Bad Request' });
  const back = await call(sb.url, w, 'PATCH', `${base}/update-active-revision`, { active_revision: 1 });
  assert.equal(back.json.active_revision, 1);
  assert.equal(back.json.endpoints[0].opId, 'nginx');
  // fixed in the newer DM: create-revision after a rollback numbers after the highest revision (no collision)
  const after = await call(sb.url, w, 'POST', `${base}/create-revision`, nginxJobDefinition());
  assert.equal(after.status, 200);
  assert.equal(after.json.active_revision, 3);
  assert.deepEqual(after.json.revisions.map((r) => r.revision), [1, 2, 3]);
});

test('lists: limit, sort_order, revision quirk, cursor errors, filters', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { name: 'alpha' });
  await createDeployment(sb.url, w, { name: 'beta', strategy: 'SIMPLE-EXTEND' });
  for (const limit of ['10', '20', '50', '100']) assert.equal((await call(sb.url, w, 'GET', `/deployments?limit=${limit}`)).status, 200);
  for (const limit of ['5', '11', 'abc']) {
    const r = await call(sb.url, w, 'GET', `/deployments?limit=${limit}`);
    assert.equal(r.status, 400);
    assert.match(r.json.message, /^querystring\/limit must be number/);
  }
  assert.equal((await call(sb.url, w, 'GET', '/deployments?sort_order=up')).status, 400);
  for (const p of ['jobs', 'revisions']) {
    const r = await call(sb.url, w, 'GET', `/deployments/${d.id}/${p}?revision=1`);
    assert.deepEqual([r.status, r.json.message], [400, 'querystring/revision must be number']);
  }
  const badCursor = await call(sb.url, w, 'GET', '/deployments?cursor=%%%');
  assert.deepEqual([badCursor.status, badCursor.json], [500, { error: 'Internal Server Error' }]);
  const q = async (qs) => (await call(sb.url, w, 'GET', `/deployments?${qs}`)).json;
  assert.deepEqual((await q('search=ALP')).deployments.map((x) => x.name), ['alpha']);
  assert.deepEqual((await q('name=beta')).deployments.map((x) => x.name), ['beta']);
  assert.equal((await q('strategy=SIMPLE,SIMPLE-EXTEND')).pagination.total_items, 2);
  assert.equal((await q('status=RUNNING')).pagination.total_items, 0);
  assert.equal((await q(`id=${d.id}`)).pagination.total_items, 1);
  assert.equal((await q(`vault=${d.vault}`)).pagination.total_items, 2);
  assert.equal((await q('created_after=2100-01-01T00:00:00Z')).pagination.total_items, 0);
  assert.equal((await call(sb.url, w, 'GET', '/deployments?created_after=yesterday')).status, 400);
  assert.deepEqual((await q('sort_order=asc')).deployments.map((x) => x.name), ['alpha', 'beta']);
  assert.deepEqual((await q('sort_order=desc')).deployments.map((x) => x.name), ['beta', 'alpha']);
  const tasks = await call(sb.url, w, 'GET', `/deployments/${d.id}/tasks?task=LIST`);
  assert.deepEqual(tasks.json, { tasks: [], pagination: { cursor_next: null, cursor_prev: null, total_items: 0 } });
  const ev = await call(sb.url, w, 'GET', `/deployments/${d.id}/events?category=Event&type=JOB_LIST_CONFIRMED`);
  assert.equal(ev.status, 200);
});

test('pagination: 25 deployments, limit 10 → 3 pages forward and back, no duplicates', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  for (let i = 0; i < 25; i++) await createDeployment(sb.url, w, { name: `d${i}` });
  const seen = [];
  let cursor = null; let pages = 0; let lastPage;
  do {
    const r = await call(sb.url, w, 'GET', `/deployments?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.json.pagination.total_items, 25);
    if (pages === 0) assert.equal(r.json.pagination.cursor_prev, null);
    seen.push(...r.json.deployments.map((x) => x.name));
    cursor = r.json.pagination.cursor_next; pages++; lastPage = r.json;
    const decoded = cursor && JSON.parse(Buffer.from(cursor, 'base64').toString());
    if (decoded) assert.deepEqual(Object.keys(decoded).sort(), ['_id', 'direction', 'sort_field_value']);
  } while (cursor && pages < 10);
  assert.equal(pages, 3);
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen).size, 25);
  assert.equal(seen[0], 'd24', 'newest first by default');
  // back from page 3 to page 2
  const prev = await call(sb.url, w, 'GET', `/deployments?limit=10&cursor=${encodeURIComponent(lastPage.pagination.cursor_prev)}`);
  assert.deepEqual(prev.json.deployments.map((x) => x.name), seen.slice(10, 20));
  assert.ok(prev.json.pagination.cursor_prev);
  assert.ok(prev.json.pagination.cursor_next);
  const first = await call(sb.url, w, 'GET', `/deployments?limit=10&cursor=${encodeURIComponent(prev.json.pagination.cursor_prev)}`);
  assert.deepEqual(first.json.deployments.map((x) => x.name), seen.slice(0, 10));
  assert.equal(first.json.pagination.cursor_prev, null, 'back on the first page');
  // asc order
  const asc = await call(sb.url, w, 'GET', '/deployments?limit=20&sort_order=asc');
  assert.equal(asc.json.deployments[0].name, 'd0');
  assert.equal(asc.json.deployments.length, 20);
});

test('vaults: get-or-create, list, withdraw, header', async (t) => {
  const sb = await sandbox(t, { newVaultBalance: { SOL: 0, NOS: 0 } });
  const w = newWallet();
  const v1 = await call(sb.url, w, 'POST', '/deployments/vaults/create');
  assert.equal(v1.status, 200);
  assert.equal(v1.json.owner, w.address);
  const v2 = await call(sb.url, w, 'POST', '/api/deployments/vaults/create');
  assert.equal(v2.json.vault, v1.json.vault, 'get-or-create');
  const list = await call(sb.url, w, 'GET', '/deployments/vaults');
  assert.deepEqual(list.json, [v1.json]);
  const empty = await call(sb.url, w, 'POST', `/deployments/vaults/${v1.json.vault}/withdraw`, {});
  assert.deepEqual([empty.status, empty.json], [500, { error: 'Vault has no funds to withdraw.' }]);
  const ctl = await fetch(`${sb.url}/_sandbox/vaults/${v1.json.vault}/balance`, { method: 'POST', body: JSON.stringify({ SOL: 0.5, NOS: 10 }) });
  assert.deepEqual((await ctl.json()).balance, { SOL: 0.5, NOS: 10 });
  const wd = await call(sb.url, w, 'POST', `/deployments/vaults/${v1.json.vault}/withdraw`, { SOL: 1 });
  assert.equal(wd.status, 200);
  // a real legacy transaction: owner pays the fee, the vault has signed, the owner's slot is still empty
  const tx = getTransactionDecoder().decode(getBase64Encoder().encode(wd.json.transaction));
  const message = decompileTransactionMessage(getCompiledTransactionMessageDecoder().decode(tx.messageBytes));
  assert.equal(message.version, 'legacy');
  assert.equal(message.feePayer.address, w.address);
  assert.deepEqual(Object.keys(tx.signatures).sort(), [w.address, v1.json.vault].sort());
  assert.equal(tx.signatures[w.address], null);
  assert.equal(verify(null, Buffer.from(tx.messageBytes), publicKeyObject(bs58.decode(v1.json.vault)), Buffer.from(tx.signatures[v1.json.vault])), true);
  // NOS: create the owner's token account, SPL transfer 10 NOS (6 decimals); SOL: system transfer 0.5 SOL
  assert.deepEqual(message.instructions.map((i) => i.programAddress), ['ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA1knL', 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', '11111111111111111111111111111111']);
  assert.equal(Buffer.from(message.instructions[1].data).readBigUInt64LE(1), 10_000_000n);
  assert.equal(Buffer.from(message.instructions[2].data).readBigUInt64LE(4), 500_000_000n);
  assert.deepEqual(message.instructions[2].accounts.map((a) => a.address), [v1.json.vault, w.address]);
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/vaults/${v1.json.vault}/withdraw`, { SOL: -1 })).json, { error: 'Bad Request' });
  assert.deepEqual((await call(sb.url, w, 'POST', `/deployments/vaults/${SHORT}/withdraw`, {})).json, { error: 'Bad Request' });
  const other = newWallet();
  assert.deepEqual((await call(sb.url, other, 'POST', `/deployments/vaults/${v1.json.vault}/withdraw`, {})).json, { error: 'Vault not found.' });
  assert.deepEqual((await call(sb.url, other, 'GET', '/deployments/vaults')).json, []);
  // header signed by the vault key
  const d = await createDeployment(sb.url, w);
  const h = await call(sb.url, w, 'GET', `/deployments/${d.id}/header?includeTime=true&message=HELLO`);
  const [msg, sig, ts] = h.json.header.split(':');
  assert.equal(msg, 'HELLO');
  assert.ok(sig.length > 80);
  assert.ok(Math.abs(Number(ts) - Date.now()) < 5000);
  const { validateAuthorization } = await import('../lib/crypto.mjs');
  assert.equal(validateAuthorization(h.json.header, d.vault), true);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}/header`)).json.header.split(':')[0], 'DEPLOYMENT_HEADER');
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}/header?includeTime=yes`)).status, 400);
});

test('jobs: list and detail with numeric state', async (t) => {
  const sb = await sandbox(t, { timeScale: 1000, jobRunSeconds: 3600 });
  const w = newWallet();
  const d = await createDeployment(sb.url, w, { replicas: 2, timeout: 600, autostart: true });
  const running = await waitFor(async () => {
    const r = await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs?state=RUNNING`);
    return r.json.jobs.length === 2 && r.json;
  }, 3000, '2 running jobs');
  const j = running.jobs[0];
  assert.equal(j.deployment, d.id);
  assert.ok(j.node.length >= 43);
  assert.ok(j.time_start > 0);
  assert.equal(j.revision, 1);
  const det = await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs/${j.job}`);
  assert.equal(det.status, 200);
  assert.equal(det.json.state, 1);
  assert.equal(det.json.jobStatus, null);
  assert.equal(det.json.jobDefinition.ops[0].id, 'nginx');
  assert.equal(det.json.timeStart, j.time_start);
  assert.equal((await call(sb.url, w, 'GET', `/deployments/${d.id}/jobs/${d.id}`)).json.error, 'Job not found');
  const dget = await call(sb.url, w, 'GET', `/deployments/${d.id}`);
  assert.equal(dget.json.active_jobs, 2);
  const ev = await call(sb.url, w, 'GET', `/deployments/${d.id}/events?type=JOB_LIST_CONFIRMED`);
  assert.equal(ev.json.pagination.total_items, 2);
  assert.ok(ev.json.events[0].tx);
});
