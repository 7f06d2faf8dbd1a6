import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { nextCronFire } from '../lib/schedule.mjs';
import { createClock } from '../lib/clock.mjs';
import { endpointHash, walletFromSeed, authHeaders, validateAuthorization } from '../lib/crypto.mjs';
import { checkJobDefinition, deriveEndpoints, nginxJobDefinition } from '../lib/jobdef.mjs';

test('wallet auth header validates like @nosana/authorization', () => {
  const w = walletFromSeed(Buffer.alloc(32, 7));
  const h = authHeaders(w);
  assert.equal(validateAuthorization(h.authorization, w.address), true);
  const other = walletFromSeed(Buffer.alloc(32, 8));
  assert.equal(validateAuthorization(h.authorization, other.address), false);
  assert.throws(() => validateAuthorization(`${h.authorization}:${Date.now() - 300_000}`, w.address), /expired/);
  assert.equal(validateAuthorization(`${h.authorization}:${Date.now() - 299_000}`, w.address), true);
  assert.throws(() => validateAuthorization('Bearer nos_abc', w.address));
});

test('cron: next fires in UTC', () => {
  const t = Date.UTC(2026, 0, 1, 10, 7, 30);
  assert.equal(new Date(nextCronFire('*/5 * * * *', t)).toISOString(), '2026-01-01T10:10:00.000Z');
  assert.equal(new Date(nextCronFire('0 0 * * *', t)).toISOString(), '2026-01-02T00:00:00.000Z');
  assert.equal(new Date(nextCronFire('30 9 * * MON-FRI', t)).toISOString(), '2026-01-02T09:30:00.000Z');
  assert.equal(new Date(nextCronFire('0 12 1,15 jan *', t)).toISOString(), '2026-01-01T12:00:00.000Z');
  assert.equal(new Date(nextCronFire('0 0 * * 7', t)).toISOString(), '2026-01-04T00:00:00.000Z');
  assert.throws(() => nextCronFire('61 * * * *', t));
  assert.throws(() => nextCronFire('0 24 * * *', t));
  assert.throws(() => nextCronFire('0 0 31 2 *', t));
  // cron-parser's extensions, which the hand-written evaluator lacked: last day of month, nth weekday
  assert.equal(new Date(nextCronFire('0 0 L * *', t)).toISOString(), '2026-01-31T00:00:00.000Z');
  assert.equal(new Date(nextCronFire('0 0 * * 1#2', t)).toISOString(), '2026-01-12T00:00:00.000Z');
  // strictly after: a start exactly on a fire time gets the next one
  const onFire = Date.UTC(2026, 0, 1, 10, 30, 0);
  assert.equal(new Date(nextCronFire('30 * * * *', onFire - 1)).toISOString(), '2026-01-01T10:30:00.000Z');
  assert.equal(new Date(nextCronFire('30 * * * *', onFire)).toISOString(), '2026-01-01T11:30:00.000Z');
});

test('job definition check and endpoints', () => {
  assert.deepEqual(checkJobDefinition(nginxJobDefinition()), []);
  const dup = { version: '0.1', type: 'container', ops: [{ id: 'a', type: 'container/run', args: { image: 'x' } }, { id: 'a', type: 'container/run', args: { image: 'y' } }] };
  assert.deepEqual(checkJobDefinition(dup), [{ path: '$input.ops', expected: 'Array<> & UniqueById' }]);
  assert.deepEqual(checkJobDefinition({ ...nginxJobDefinition(), foo: 1 }), [{ path: '$input.foo', expected: 'undefined' }]);
  assert.ok(checkJobDefinition({ version: '0.2', type: 'container', ops: [] }).some((e) => e.path === '$input.version'));
  const noImage = { version: '0.1', type: 'container', ops: [{ id: 'a', type: 'container/run', args: {} }] };
  assert.deepEqual(checkJobDefinition(noImage), [{ path: '$input.ops[0].args', expected: '(ContainerRun | ContainerCreateVolume)' }]);
  const id = 'HAMfS4TVdRu8niafk92rDekL5coKjLqWx6VGshbTDLEN';
  const v = 'GyoQMcTSr5J7YQfQVDZRoYjYJj3JzhoXyXdC9wdajoZh';
  const eps = deriveEndpoints(nginxJobDefinition(), id, v, 'node.k8s.prd.nos.ci');
  const expected = `https://${endpointHash(`nginx:0:${endpointHash(`${id}:${v}`, 45)}`, 44)}.node.k8s.prd.nos.ci`;
  assert.deepEqual(eps, [{ opId: 'nginx', port: 80, url: expected, online: false }]);
  // an op exposing more than one port: one URL per port, the port in the hash (addendum §7)
  const multi = { version: '0.1', type: 'container', ops: [{ id: 'api', type: 'container/run', args: { image: 'x', expose: [8000, { port: 9000, type: 'api' }] } }] };
  const m = deriveEndpoints(multi, id, v, 'example.test');
  const inner = endpointHash(`${id}:${v}`, 45);
  assert.deepEqual(m, [
    { opId: 'api', port: 8000, url: `https://${endpointHash(`api:8000:${inner}`, 44)}.example.test`, online: false },
    { opId: 'api', port: 9000, url: `https://${endpointHash(`api:9000:${inner}`, 44)}.example.test`, online: false },
  ]);
  assert.notEqual(m[0].url, m[1].url);
});

test('clock: fixed start, frozen or scaled on an injected real time, advance only forward', () => {
  let real = 1_000_000;
  const realNow = () => real;
  const start = Date.parse('2026-03-02T10:07:00.000Z');
  const frozen = createClock({ timeScale: 0, startAt: '2026-03-02T10:07:00.000Z', realNow });
  real += 5000;
  assert.equal(frozen.now(), start, 'frozen: real time does not move it');
  assert.equal(frozen.advance(1500), start + 1500);
  assert.equal(frozen.advance(-10_000), start + 1500, 'never backwards');
  const scaled = createClock({ timeScale: 60, startAt: start, realNow });
  real += 1000;
  assert.equal(scaled.now(), start + 60_000);
  scaled.setTimeScale(0);
  real += 1000;
  assert.equal(scaled.now(), start + 60_000, 'a speed change does not jump');
  scaled.setTimeScale(2);
  real += 500;
  assert.equal(scaled.now(), start + 61_000);
  assert.throws(() => createClock({ startAt: 'not a date' }), RangeError);
  assert.throws(() => createClock({ timeScale: -1 }), RangeError);
  assert.throws(() => scaled.setTimeScale(Number.NaN), RangeError);
});
