// Test helpers: sandbox lifecycle, wallet signing with node:crypto, a tiny HTTP client and an SSE reader.
import { sign } from 'node:crypto';
import { privateKeyObject, randomWallet } from './lib/crypto.mjs';
import { startSandbox } from './server.mjs';
import bs58 from 'bs58';
import { nginxJobDefinition, DEFAULT_MARKET } from './lib/jobdef.mjs';
import { openApi, formatAjvErrors } from './lib/openapi.mjs';

export { nginxJobDefinition, DEFAULT_MARKET };

/** A random wallet (`randomWallet`: 43–44 address characters, no generateKeyPairSync) that signs headers. */
export function newWallet() {
  const { address, seed } = randomWallet();
  const privateKey = privateKeyObject(seed);
  const signB58 = (msg) => bs58.encode(sign(null, Buffer.from(msg, 'utf8'), privateKey));
  return {
    address, privateKey,
    headers(opts = {}) {
      const message = opts.message ?? 'NosanaApiAuthentication';
      let h = `${message}:${signB58(message)}`;
      if (opts.timestamp !== undefined) h += `:${opts.timestamp}`;
      return { 'x-user-id': address, authorization: h };
    },
  };
}

/**
 * A fixed start instant for a test (unix ms): `iso`, shifted by SANDBOX_TEST_START_OFFSET_MINUTES
 * (default 0) so that a stability run can replay the same tests from every minute of an hour.
 * @param {string} [iso]
 */
export function testStart(iso = '2026-03-02T10:07:00.000Z') {
  const offset = Number(process.env.SANDBOX_TEST_START_OFFSET_MINUTES ?? 0);
  if (!Number.isFinite(offset)) throw new Error('SANDBOX_TEST_START_OFFSET_MINUTES must be a number');
  return Date.parse(iso) + offset * 60_000;
}

/** Start a quiet sandbox; tests must `await sb.close()` (use t.after). */
export async function sandbox(t, options = {}) {
  const logs = [];
  const sb = await startSandbox({ port: 0, log: (m) => logs.push(m), tickMs: 5, ...options });
  sb.logs = logs;
  t.after(() => sb.close());
  return sb;
}

/**
 * @param {string} base @param {any} wallet null for unauthenticated
 * @returns {Promise<{status:number, headers:Headers, text:string, json:any}>}
 */
export async function call(base, wallet, method, path, body, extraHeaders = {}) {
  const headers = { ...(wallet ? wallet.headers() : {}), ...extraHeaders };
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body: payload, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export function createBody(over = {}) {
  return { name: 'web', market: DEFAULT_MARKET, replicas: 1, timeout: 60, strategy: 'SIMPLE', confidential: false, job_definition: nginxJobDefinition(), ...over };
}

export async function createDeployment(base, wallet, over = {}) {
  const r = await call(base, wallet, 'POST', '/deployments/create', createBody(over));
  if (r.status !== 200) throw new Error(`create failed ${r.status} ${r.text}`);
  return r.json;
}

/** Poll until fn() returns truthy (or throw after timeoutMs). */
export async function waitFor(fn, timeoutMs = 4000, label = 'condition') {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function statusOf(base, wallet, id) {
  return (await call(base, wallet, 'GET', `/deployments/${id}`)).json?.status;
}

/**
 * Stream frames that do not match the document's DeploymentStreamEvent, each with its errors (empty when all match).
 * @param {any[]} frames
 */
export function frameErrors(frames) {
  const oas = openApi();
  if (!oas) throw new Error('the OpenAPI document is missing');
  const v = oas.validator({ $ref: 'oas.json#/components/schemas/DeploymentStreamEvent' }, 'DeploymentStreamEvent');
  return frames.filter((f) => !v(structuredClone(f))).map((f) => ({ frame: f, errors: formatAjvErrors(v.errors, 'frame') }));
}

/** Open an SSE stream; collects frames. */
export async function openStream(base, wallet, id, path = `/deployments/${id}/stream`) {
  const ac = new AbortController();
  const res = await fetch(base + path, { headers: wallet.headers(), signal: ac.signal });
  const frames = [];
  const comments = [];
  let ended = false;
  let error = null;
  const done = (async () => {
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done: d } = await reader.read();
        if (d) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i); buf = buf.slice(i + 2);
          if (block.startsWith(':')) comments.push(block);
          else if (block.startsWith('data: ')) frames.push(JSON.parse(block.slice(6)));
        }
      }
    } catch (e) { error = e; }
    ended = true;
  })();
  return { res, frames, comments, get ended() { return ended; }, get error() { return error; }, close: () => { ac.abort(); return done; }, done };
}
