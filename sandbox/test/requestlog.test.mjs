import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, newWallet, call, createBody } from '../testkit.mjs';

const control = async (sb, method, path, body) => {
  const res = await fetch(`${sb.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
};

test('request log: API requests in order with method, path, query, content type and parsed body', async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const body = createBody({ idempotency_key: 'k-1' });
  await call(sb.url, w, 'POST', '/deployments/create', body);
  await call(sb.url, w, 'GET', '/api/deployments?limit=10&status=DRAFT,RUNNING');
  await call(sb.url, w, 'PATCH', '/deployments/nope/update-name', 'name=x', { 'content-type': 'text/plain' });
  await call(sb.url, null, 'GET', '/deployments/vaults'); // refused by auth: still recorded
  await control(sb, 'GET', '/_sandbox/health'); // control routes are not recorded
  const log = await control(sb, 'GET', '/_sandbox/requests');
  assert.equal(log.status, 200);
  assert.deepEqual(log.json.requests, [
    { method: 'POST', path: '/deployments/create', query: {}, contentType: 'application/json', body },
    { method: 'GET', path: '/api/deployments', query: { limit: '10', status: 'DRAFT,RUNNING' }, contentType: null, body: null },
    { method: 'PATCH', path: '/deployments/nope/update-name', query: {}, contentType: 'text/plain', body: 'name=x' },
    { method: 'GET', path: '/deployments/vaults', query: {}, contentType: null, body: null },
  ]);
  assert.equal(sb.requests.length, 4);
  const cleared = await control(sb, 'DELETE', '/_sandbox/requests');
  assert.deepEqual(cleared, { status: 200, json: { requests: [] } });
  await call(sb.url, w, 'DELETE', '/deployments/x/ssh-keys', { public_keys: ['a'] });
  assert.deepEqual((await control(sb, 'GET', '/_sandbox/requests')).json.requests,
    [{ method: 'DELETE', path: '/deployments/x/ssh-keys', query: {}, contentType: 'application/json', body: { public_keys: ['a'] } }]);
});

test('request log: never faulted, even by a fault without a route', async (t) => {
  const sb = await sandbox(t, { faults: [{ type: 'status', status: 503 }] });
  const w = newWallet();
  assert.equal((await call(sb.url, w, 'GET', '/deployments')).status, 503);
  const log = await control(sb, 'GET', '/_sandbox/requests');
  assert.equal(log.status, 200);
  assert.equal(log.json.requests.length, 1);
});

test('drop-after-commit: the create is committed, the socket closes without an answer, once', async (t) => {
  const sb = await sandbox(t, { faults: [{ type: 'drop-after-commit', route: 'POST /deployments/create', count: 1 }] });
  const w = newWallet();
  await assert.rejects(call(sb.url, w, 'POST', '/deployments/create', createBody({ name: 'lost' })), /fetch failed/);
  const list = await call(sb.url, w, 'GET', '/deployments');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.deployments.map((d) => d.name), ['lost'], 'the handler committed the deployment');
  const again = await call(sb.url, w, 'POST', '/deployments/create', createBody({ name: 'second' }));
  assert.equal(again.status, 200, 'count 1: the next create is answered');
  assert.equal((await call(sb.url, w, 'GET', '/deployments')).json.pagination.total_items, 2);
});

test('API keys: a registered Bearer key acts as its owner; an unknown one gets the DM answer', async (t) => {
  const w = newWallet();
  const sb = await sandbox(t, { apiKeys: { nos_fixed: w.address } });
  const bearer = (key, extra = {}) => ({ authorization: `Bearer ${key}`, ...extra });
  const created = await call(sb.url, null, 'POST', '/deployments/create', createBody({ name: 'by key' }), bearer('nos_fixed'));
  assert.equal(created.status, 200);
  assert.equal(created.json.owner, w.address);
  assert.deepEqual((await call(sb.url, w, 'GET', '/deployments')).json.deployments.map((d) => d.name), ['by key'], 'the same owner as the wallet');
  assert.equal((await call(sb.url, null, 'GET', '/deployments', undefined, bearer('nos_unknown'))).status, 401);
  assert.equal((await call(sb.url, null, 'GET', '/deployments', undefined, bearer('nos_unknown', { 'x-user-id': w.address }))).status, 500);
  const reg = await (await fetch(`${sb.url}/_sandbox/api-keys`, { method: 'POST', body: '{}' })).json();
  assert.match(reg.key, /^nos_sandbox_[0-9a-f]{24}$/);
  const mine = await call(sb.url, null, 'GET', '/deployments', undefined, bearer(reg.key));
  assert.deepEqual([mine.status, mine.json.pagination.total_items], [200, 0], 'a fresh owner');
  const bad = await fetch(`${sb.url}/_sandbox/api-keys`, { method: 'POST', body: JSON.stringify({ owner: 'short' }) });
  assert.equal(bad.status, 400);
});
