// Nosana Deployments API sandbox: a local stand-in for nosana-deployment-manager (DM).
// See sandbox/README.md for options, control routes and the deliberate differences.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { SandboxState, createClock, byCreated, ACTIVE, JOB_STATE_NUM } from './lib/state.mjs';
import { validateAuthorization, signMessage } from './lib/crypto.mjs';
import { base58Decode } from './lib/base58.mjs';
import { compileOpenApi, formatAjvErrors } from './lib/openapi.mjs';
import { checkJobDefinition } from './lib/jobdef.mjs';
import { seed as seedDemo, DEMO_WALLET } from './lib/seed.mjs';

export { DEMO_WALLET };
const BODY_LIMIT = 1024 * 1024;
const SYSTEM_PROGRAM = '11111111111111111111111111111111';

/**
 * @typedef {object} Fault
 * @property {'latency'|'status'|'drop'|'malformed'|'content-type'|'truncate'|'drip'|'sse-reset'} type
 * @property {string} [route] substring of "METHOD /path" (path without the /api prefix); all routes when omitted
 * @property {number} [count] how many times it fires (unlimited when omitted)
 * @property {number} [ms] latency (latency) / delay before reset (sse-reset)
 * @property {number} [status] status code (status; default 503)
 * @property {string} [body] response body override (status, content-type)
 * @property {string} [contentType] content type (content-type fault; default text/html)
 * @property {number} [chunkSize] drip chunk size in bytes (default 16)
 * @property {number} [intervalMs] drip interval (default 50)
 */

/**
 * @typedef {object} SandboxOptions
 * @property {number} [port] 0 = random (default 0)
 * @property {string} [host] default 127.0.0.1
 * @property {number} [timeScale] simulated time speed (default 1)
 * @property {boolean} [strict] validate requests and responses against the OpenAPI document and record violations
 * @property {string} [persistFile] JSON file: loaded at start, saved on change
 * @property {boolean} [seed] create the demo wallet's vault and deployments
 * @property {Fault[]} [faults]
 * @property {boolean} [corsAllowAllMethods] allow PATCH and DELETE in CORS preflights (default true; the DM allows GET,HEAD,POST only)
 * @property {number} [keepAliveMs] SSE keep-alive comment interval (default 25000)
 * @property {number} [queueDelaySeconds] simulated seconds before a listed job gets a node (default 30)
 * @property {number|null} [jobRunSeconds] simulated seconds after which a job finishes by itself (default: at its timeout)
 * @property {number} [retrySeconds] simulated seconds between retries of a task that failed for lack of funds (default 600)
 * @property {{SOL:number,NOS:number}} [newVaultBalance] balance of vaults the sandbox creates (default {SOL:1,NOS:100}; the DM's are empty)
 * @property {string} [domain] endpoint domain (default node.k8s.prd.nos.ci)
 * @property {number} [tickMs] worker tick in real ms (default 20)
 * @property {(msg:string)=>void} [log] logger (default console.error)
 * @property {(v:{kind:'request'|'response', route:string, message:string})=>void} [onStrictViolation] called for each strict-mode violation (e.g. to fail a test)
 */

/** @param {SandboxOptions} [options] */
export async function startSandbox(options = {}) {
  const opts = { host: '127.0.0.1', port: 0, timeScale: 1, corsAllowAllMethods: true, keepAliveMs: 25000,
    newVaultBalance: { SOL: 1, NOS: 100 }, log: (m) => console.error(m), ...options };
  const log = opts.log;
  const clock = createClock(opts.timeScale);
  const state = new SandboxState({ clock, persistFile: opts.persistFile, tickMs: opts.tickMs, log,
    sim: { queueDelaySeconds: opts.queueDelaySeconds ?? 30, jobRunSeconds: opts.jobRunSeconds ?? null,
      retrySeconds: opts.retrySeconds ?? 600, domain: opts.domain ?? 'node.k8s.prd.nos.ci' } });
  if (opts.seed) seedDemo(state);

  const oas = await compileOpenApi();
  const warnings = [];
  if (!oas) {
    if (opts.strict) { state.close(); throw new Error('strict mode needs ajv (npm install ajv ajv-formats) and the OpenAPI document'); }
    warnings.push('ajv or the OpenAPI document is unavailable: request validation falls back to minimal hand-written checks');
  } else {
    if (opts.strict) oas.compileAll(); // compile everything up front so that uncompilable parts are reported now
    warnings.push(...oas.warnings);
  }
  for (const w of warnings) log(`sandbox warning: ${w}`);

  /** @type {Fault[]} */
  let faults = structuredClone(opts.faults ?? []);
  /** @type {Set<{res: import('node:http').ServerResponse, close: () => void}>} */
  const streams = new Set();

  const violation = (v) => {
    state.strictViolations.push(v);
    if (opts.strict) {
      log(`sandbox strict: ${v.kind} ${v.route}: ${v.message}`);
      opts.onStrictViolation?.(v);
    }
  };

  // ---------------- routing ----------------
  /** @typedef {{ req: any, res: any, method: string, path: string, params: Record<string,string>, query: any, body: any, headers: any, user: string, op: string, route: any, deployment?: any }} Ctx */
  const routes = [
    ['POST', '/deployments/create', createDeployment],
    ['GET', '/deployments/vaults', listVaults],
    ['POST', '/deployments/vaults/create', createVault],
    ['POST', '/deployments/vaults/:vault/withdraw', withdraw],
    ['GET', '/deployments', listDeployments],
    ['GET', '/deployments/:deployment', getDeployment, { load: true }],
    ['DELETE', '/deployments/:deployment', deleteDeployment, { load: true }],
    ['POST', '/deployments/:deployment/start', start, { load: true }],
    ['POST', '/deployments/:deployment/stop', stop, { load: true }],
    ['POST', '/deployments/:deployment/archive', archive, { load: true }],
    ['PATCH', '/deployments/:deployment/update-name', updateName, { load: true }],
    ['PATCH', '/deployments/:deployment/update-replica-count', updateReplicas, { load: true, active: true }],
    ['PATCH', '/deployments/:deployment/update-timeout', updateTimeout, { load: true, active: true }],
    ['PATCH', '/deployments/:deployment/update-schedule', updateSchedule, { load: true, active: true }],
    ['POST', '/deployments/:deployment/create-revision', createRevision, { load: true, active: true }],
    ['PATCH', '/deployments/:deployment/update-active-revision', updateActiveRevision, { load: true, active: true }],
    ['GET', '/deployments/:deployment/jobs', listJobs, { load: true }],
    ['GET', '/deployments/:deployment/jobs/:job', getJob, { load: true }],
    ['GET', '/deployments/:deployment/revisions', listRevisions, { load: true }],
    ['GET', '/deployments/:deployment/events', listEvents, { load: true }],
    ['GET', '/deployments/:deployment/tasks', listTasks, { load: true, active: true }],
    ['GET', '/deployments/:deployment/stream', stream, { load: true }],
    ['GET', '/deployments/:deployment/header', header, { load: true }],
  ].map(([method, pattern, handler, o]) => ({ method, pattern, segs: pattern.split('/'), handler, ...(o ?? {}),
    op: `${method} ${pattern.replace(/:(\w+)/g, '{$1}')}` }));

  function match(method, path) {
    const segs = path.split('/');
    for (const r of routes) {
      if (r.method !== method || r.segs.length !== segs.length) continue;
      const params = {};
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        if (r.segs[i].startsWith(':')) {
          if (segs[i] === '') ok = false;
          else { try { params[r.segs[i].slice(1)] = decodeURIComponent(segs[i]); } catch { ok = false; } }
        } else ok = r.segs[i] === segs[i];
      }
      if (ok) return { route: r, params };
    }
    return null;
  }

  // ---------------- responses ----------------
  class HttpError extends Error {
    constructor(status, body) { super(typeof body === 'string' ? body : JSON.stringify(body)); this.status = status; this.body = body; }
  }
  const fail = (status, error) => new HttpError(status, { error });
  const E_STATE = () => fail(500, 'Deployment is in the incorrect state.');
  const E_ARCHIVED = () => fail(500, 'Cannot modify an archived deployment.');

  function corsHeaders(req) {
    const h = {};
    if (req.headers.origin) { h['access-control-allow-origin'] = req.headers.origin; h.vary = 'Origin'; }
    return h;
  }

  /** Pick the faults that apply to a request; decrements counts. */
  function takeFaults(key, isStream) {
    let latency = 0;
    let action = null;
    for (const f of faults) {
      if (f.count !== undefined && f.count <= 0) continue;
      if (f.route && !key.includes(f.route)) continue;
      if (f.type === 'latency') { latency += f.ms ?? 100; if (f.count !== undefined) f.count--; continue; }
      if (f.type === 'sse-reset' && !isStream) continue;
      if (!action) { action = f; if (f.count !== undefined) f.count--; }
    }
    return { latency, action };
  }

  /**
   * Write a response, applying strict response validation and the request's fault.
   * @param {Ctx|null} ctx @param {number} status @param {any} body @param {string} [contentType]
   */
  function send(ctx, req, res, status, body, contentType = 'application/json; charset=utf-8') {
    if (res.headersSent || res.destroyed) return;
    if (opts.strict && ctx?.route && oas) checkResponse(ctx, status, body, contentType);
    let text = body === undefined ? '' : typeof body === 'string' && !contentType.startsWith('application/json') ? body : JSON.stringify(body);
    const headers = { ...corsHeaders(req) };
    if (status !== 204) headers['content-type'] = contentType;
    const f = req._fault;
    if (f && f.type !== 'sse-reset') {
      if (f.type === 'status') {
        status = f.status ?? 503;
        text = f.body ?? JSON.stringify({ error: status >= 500 ? 'Internal Server Error' : 'Bad Request' });
        headers['content-type'] = f.contentType ?? 'application/json; charset=utf-8';
      } else if (f.type === 'content-type') {
        headers['content-type'] = f.contentType ?? 'text/html; charset=utf-8';
        if (f.body !== undefined) text = f.body;
      } else if (f.type === 'malformed') {
        text = text.length > 2 ? `${text.slice(0, Math.ceil(text.length / 2))}<<malformed` : '{"error":';
      } else if (f.type === 'drop') {
        const buf = Buffer.from(text || '{}');
        res.writeHead(status, { ...headers, 'content-length': buf.length + 64 });
        res.write(buf.subarray(0, Math.floor(buf.length / 2)));
        setImmediate(() => res.socket?.destroy());
        return;
      } else if (f.type === 'truncate') {
        const buf = Buffer.from(text || '{}');
        res.writeHead(status, { ...headers, 'content-length': buf.length });
        res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.socket?.end());
        return;
      } else if (f.type === 'drip') {
        const buf = Buffer.from(text);
        res.writeHead(status, { ...headers, 'content-length': buf.length });
        const size = f.chunkSize ?? 16;
        let off = 0;
        const step = () => {
          if (res.destroyed) return;
          if (off >= buf.length) { res.end(); return; }
          res.write(buf.subarray(off, off + size)); off += size;
          setTimeout(step, f.intervalMs ?? 50).unref?.();
        };
        step();
        return;
      }
    }
    const buf = Buffer.from(text);
    if (status !== 204) headers['content-length'] = buf.length;
    res.writeHead(status, headers);
    res.end(status === 204 ? undefined : buf);
  }

  // Known places where the real DM's output does not match its own OpenAPI document.
  const KNOWN_MISMATCH = [
    (ctx, status) => status === 401, // text/plain "Unauthorized, missing or invalid headers" vs enum ["Unauthorized"]
    (ctx, status, e) => ctx.route.op.endsWith('/jobs/{job}') && e.instancePath === '/node', // system program id for "no node"
    (ctx, status, e) => /\/market$/.test(e.instancePath) && /Length$/.test(e.keyword), // market is only "string" on create
  ];
  function checkResponse(ctx, status, body, contentType) {
    const r = oas.routes.get(ctx.route.op);
    const v = r?.responses[String(status)];
    if (!v || !contentType.startsWith('application/json')) return;
    const data = structuredClone(body);
    if (v(data)) return;
    const errs = (v.errors ?? []).filter((e) => !KNOWN_MISMATCH.some((k) => k(ctx, status, e)));
    if (!errs.length || KNOWN_MISMATCH[0](ctx, status)) return;
    violation({ kind: 'response', route: ctx.route.op, status, message: formatAjvErrors(errs, 'response'), body });
  }

  // ---------------- request pipeline ----------------
  const server = createServer(async (req, res) => {
    try { await handle(req, res); } catch (err) {
      log(`sandbox: unhandled ${err?.stack ?? err}`);
      send(null, req, res, 500, { error: 'Internal Server Error' });
    }
  });

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    let path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') { preflight(req, res); return; }
    if (path.startsWith('/_sandbox/') || path === '/_sandbox') { await control(req, res, method, path, url); return; }
    if (path === '/api' || path.startsWith('/api/')) path = path.slice(4) || '/';
    if (path === '/health' && method === 'GET') { send(null, req, res, 200, { status: 'ok' }); return; }
    const m = match(method === 'HEAD' ? 'GET' : method, path); // fastify exposes HEAD for every GET route
    if (!m) {
      send(null, req, res, 404, { message: `Route ${method}:${req.url} not found`, error: 'Not Found', statusCode: 404 });
      return;
    }
    const key = `${method} ${path}`;
    const { latency, action } = takeFaults(key, m.route.handler === stream);
    if (latency) await new Promise((r) => setTimeout(r, latency));
    /** @type {any} */ (req)._fault = action;
    /** @type {Ctx} */
    const ctx = { req, res, method, path, params: m.params, query: parseQuery(url), body: undefined, headers: req.headers, user: '', op: m.route.op, route: m.route };
    try {
      authenticate(ctx);
      await readBody(ctx);
      validate(ctx);
      if (m.route.load) loadDeployment(ctx);
      const out = await m.route.handler(ctx);
      if (out !== undefined) send(ctx, req, res, out.status ?? 200, out.body);
    } catch (err) {
      if (err instanceof HttpError) {
        if (err.status === 401) send(ctx, req, res, 401, err.body, 'text/plain; charset=utf-8');
        else send(ctx, req, res, err.status, err.body);
      } else {
        log(`sandbox: handler error on ${key}: ${err?.stack ?? err}`);
        send(ctx, req, res, 500, { error: 'Internal Server Error' });
      }
    }
  }

  function preflight(req, res) {
    const methods = opts.corsAllowAllMethods ? 'GET,HEAD,POST,PUT,PATCH,DELETE' : 'GET,HEAD,POST';
    const h = { ...corsHeaders(req), 'access-control-allow-methods': methods, 'content-length': '0' };
    if (req.headers['access-control-request-headers']) {
      h['access-control-allow-headers'] = req.headers['access-control-request-headers'];
      h.vary = h.vary ? `${h.vary}, Access-Control-Request-Headers` : 'Access-Control-Request-Headers';
    }
    res.writeHead(204, h);
    res.end();
  }

  function parseQuery(url) {
    const q = {};
    for (const [k, v] of url.searchParams) {
      if (k in q) q[k] = Array.isArray(q[k]) ? [...q[k], v] : [q[k], v];
      else q[k] = v;
    }
    return q;
  }

  /** §2.1: x-user-id + authorization, checked like @nosana/authorization validate. */
  function authenticate(ctx) {
    const id = ctx.headers['x-user-id'];
    const auth = ctx.headers.authorization;
    const refuse = (err, why) => { if (opts.strict) violation({ kind: 'request', route: ctx.op, message: `auth: ${why}` }); return err; };
    if (!id || !auth) throw refuse(new HttpError(401, 'Unauthorized, missing or invalid headers'), 'missing x-user-id or authorization');
    let ok;
    try { ok = validateAuthorization(auth, String(id), Date.now(), 300); } catch (err) {
      throw refuse(fail(500, 'Internal Server Error'), `${err.message} (the DM answers 500)`);
    }
    if (!ok) throw refuse(new HttpError(401, 'Unauthorized'), 'signature does not match x-user-id');
    ctx.user = String(id);
  }

  async function readBody(ctx) {
    const { req } = ctx;
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks = [];
    let size = 0;
    let tooLarge = declared > BODY_LIMIT;
    for await (const c of req) {
      size += c.length;
      if (size > BODY_LIMIT) tooLarge = true;
      if (!tooLarge) chunks.push(c);
    }
    if (tooLarge) {
      if (opts.strict) violation({ kind: 'request', route: ctx.op, message: 'body larger than 1 MiB' });
      throw new HttpError(413, { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', error: 'Payload Too Large', message: 'Request body is too large' });
    }
    if (size === 0) return; // no body (the DM's custom parser behaviour on empty bodies is unverified)
    const text = Buffer.concat(chunks).toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    if (/^application\/json/i.test(type)) {
      try { ctx.body = JSON.parse(text); } catch {
        if (opts.strict) violation({ kind: 'request', route: ctx.op, message: 'invalid JSON body' });
        throw fail(500, 'Internal Server Error');
      }
    } else ctx.body = text; // the DM parses other content types as a plain string
  }

  /** Schema validation (params, body, querystring, headers), fastify's order and message format. */
  function validate(ctx) {
    const r = oas?.routes.get(ctx.op);
    const reject = (message) => {
      violation({ kind: 'request', route: ctx.op, message });
      if (r?.has400) throw fail(400, 'Bad Request');
      throw new HttpError(400, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message });
    };
    if (!r) { fallbackValidate(ctx, reject); return; }
    if (r.params && !r.params(ctx.params)) reject(formatAjvErrors(r.params.errors, 'params'));
    if (ctx.op === 'POST /deployments/create') { validateCreate(ctx, r, reject); }
    else if (ctx.op === 'POST /deployments/{deployment}/create-revision') {
      if (r.body && !r.body(ctx.body)) reject(formatAjvErrors(r.body.errors, 'body'));
      const errs = checkJobDefinition(ctx.body);
      if (errs.length) reject(errs.map((e) => `${e.path}: ${e.expected}`).join(', '));
    } else if (r.body && !r.body(ctx.body)) reject(formatAjvErrors(r.body.errors, 'body'));
    if (r.querystring && !r.querystring(ctx.query)) reject(formatAjvErrors(r.querystring.errors, 'querystring'));
    if (r.headers) {
      const h = { ...ctx.headers };
      if (!r.headers(h)) reject(formatAjvErrors(r.headers.errors, 'headers'));
    }
  }

  function validateCreate(ctx, r, reject) {
    const b = ctx.body;
    if (r.body && !r.body(b)) reject(formatAjvErrors(r.body.errors, 'body'));
    const errs = checkJobDefinition(b?.job_definition);
    if (errs.length) reject(errs.map((e) => `job_definition${e.path.slice(6)}: ${e.expected}`).join(', '));
  }

  function fallbackValidate(ctx, reject) {
    for (const [k, v] of Object.entries(ctx.params)) if (v.length < 43 || v.length > 44) reject(`params/${k} must NOT have ${v.length < 43 ? 'fewer than 43' : 'more than 44'} characters`);
    const q = ctx.query;
    if (q.limit !== undefined && !['10', '20', '50', '100'].includes(q.limit)) reject('querystring/limit must be equal to one of the allowed values');
    q.limit = q.limit === undefined ? 10 : q.limit;
    if (q.sort_order !== undefined && !['asc', 'desc'].includes(q.sort_order)) reject('querystring/sort_order must be equal to one of the allowed values');
    q.sort_order ??= 'desc';
    if (q.revision !== undefined) reject('querystring/revision must be number');
    const b = ctx.body;
    const num = (k, min) => { if (typeof b?.[k] !== 'number') reject(`body/${k} must be number`); else if (b[k] < min) reject(`body/${k} must be >= ${min}`); };
    switch (ctx.op) {
      case 'PATCH /deployments/{deployment}/update-replica-count': num('replicas', 0); break;
      case 'PATCH /deployments/{deployment}/update-timeout': num('timeout', 60); break;
      case 'PATCH /deployments/{deployment}/update-active-revision': num('active_revision', 1); break;
      case 'PATCH /deployments/{deployment}/update-name': if (typeof b?.name !== 'string' || !b.name) reject('body/name must NOT have fewer than 1 characters'); break;
      case 'PATCH /deployments/{deployment}/update-schedule':
        if (typeof b?.schedule !== 'string' || !/^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.test(b.schedule)) reject('body/schedule must match pattern'); break;
      case 'POST /deployments/{deployment}/create-revision': {
        const errs = checkJobDefinition(b); if (errs.length) reject(errs.map((e) => `${e.path}: ${e.expected}`).join(', ')); break;
      }
      case 'POST /deployments/create': {
        const okStrategy = ['SIMPLE', 'SIMPLE-EXTEND', 'SCHEDULED', 'INFINITE'].includes(b?.strategy);
        if (!b || typeof b !== 'object' || typeof b.name !== 'string' || typeof b.market !== 'string' || typeof b.replicas !== 'number' || b.replicas < 1
          || typeof b.timeout !== 'number' || b.timeout < 1 || !okStrategy || (b.strategy === 'INFINITE' && b.timeout < 60)
          || (b.strategy === 'SCHEDULED' && typeof b.schedule !== 'string') || (b.vault !== undefined && b.new_vault !== undefined)
          || checkJobDefinition(b.job_definition).length) reject('body is invalid');
        break;
      }
      default:
    }
  }

  function loadDeployment(ctx) {
    const d = state.deployment(ctx.params.deployment);
    if (!d || d.owner !== ctx.user) throw fail(404, 'Deployment not found.');
    if (ctx.route.active && d.status === 'ARCHIVED') throw E_ARCHIVED();
    ctx.deployment = d;
  }

  // ---------------- serializers ----------------
  const serDeployment = (d) => {
    const o = { id: d.id, name: d.name, vault: d.vault, market: d.market, owner: d.owner, status: d.status, replicas: d.replicas,
      timeout: d.timeout, endpoints: d.endpoints, confidential: d.confidential, active_revision: d.active_revision,
      active_jobs: state.jobsOf(d.id).filter((j) => j.state === 'RUNNING').length, created_at: d.created_at, updated_at: d.updated_at, strategy: d.strategy };
    if (d.strategy === 'SCHEDULED') o.schedule = d.schedule;
    if (d.strategy === 'INFINITE') o.rotation_time = d.rotation_time;
    return o;
  };
  const serJob = (j) => ({ tx: j.tx, deployment: j.deployment, job: j.job, market: j.market, node: j.node, revision: j.revision,
    state: j.state, time_start: j.time_start, created_at: j.created_at, updated_at: j.updated_at });
  const serRevision = (r) => ({ revision: r.revision, deployment: r.deployment, ipfs_definition_hash: r.ipfs_definition_hash, job_definition: r.job_definition, created_at: r.created_at });
  const serEvent = (e) => { const o = { category: e.category, deploymentId: e.deploymentId, type: e.type, message: e.message, created_at: e.created_at }; if (e.tx) o.tx = e.tx; return o; };
  const serTask = (t) => {
    const o = { task: t.task, deploymentId: t.deploymentId };
    for (const k of ['tx', 'job', 'limit', 'active_revision']) if (t[k] !== undefined && t[k] !== null) o[k] = t[k];
    o.due_at = t.due_at; o.created_at = t.created_at;
    return o;
  };
  const serVault = (v) => ({ vault: v.vault, owner: v.owner, created_at: v.created_at });

  // ---------------- pagination (§3.1) ----------------
  function paginate(items, query, name, ser) {
    const limit = Number(query.limit ?? 10);
    const dir = query.sort_order === 'asc' ? 1 : -1;
    const sorted = [...items].sort((a, b) => dir * byCreated(a, b));
    const keyOf = (x) => ({ sort_field_value: x.created_at, _id: x._id });
    const cmp = (x, k) => dir * byCreated(x, { created_at: k.sort_field_value, _id: k._id });
    let page, hasBefore, hasAfter;
    if (query.cursor) {
      let c;
      try {
        c = JSON.parse(Buffer.from(String(query.cursor), 'base64').toString('utf8'));
        if (!c || typeof c._id !== 'string' || typeof c.sort_field_value !== 'string') throw new Error('bad cursor');
      } catch { throw fail(500, 'Internal Server Error'); }
      if (c.direction === 'prev') {
        const before = sorted.filter((x) => cmp(x, c) < 0);
        page = before.slice(Math.max(0, before.length - limit));
        hasBefore = before.length > page.length; hasAfter = true;
      } else {
        const after = sorted.filter((x) => cmp(x, c) > 0);
        page = after.slice(0, limit);
        hasAfter = after.length > page.length; hasBefore = true;
      }
    } else { page = sorted.slice(0, limit); hasBefore = false; hasAfter = sorted.length > limit; }
    const enc = (x, direction) => Buffer.from(JSON.stringify({ ...keyOf(x), direction })).toString('base64');
    return { [name]: page.map(ser), pagination: {
      cursor_next: hasAfter && page.length ? enc(page[page.length - 1], 'next') : null,
      cursor_prev: hasBefore && page.length ? enc(page[0], 'prev') : null,
      total_items: items.length } };
  }
  const csv = (v) => (v === undefined ? null : String(v).split(',').map((s) => s.trim()).filter(Boolean));
  const inRange = (value, after, before) => (!after || value >= new Date(after).toISOString()) && (!before || value <= new Date(before).toISOString());

  // ---------------- handlers ----------------
  async function createDeployment(ctx) {
    const b = ctx.body;
    if (b.strategy === 'INFINITE' && b.rotation_time && b.rotation_time >= b.timeout - 10) throw fail(400, 'Rotation time must be at least 10 minutes less than timeout.');
    let vault;
    if (b.vault !== undefined) {
      vault = state.vault(b.vault);
      if (!vault || vault.owner !== ctx.user || vault.vault === ctx.user) throw fail(404, 'Vault not found.');
    } else if (b.new_vault === true) vault = state.createVault(ctx.user, opts.newVaultBalance);
    else vault = state.oldestVault(ctx.user) ?? state.createVault(ctx.user, opts.newVaultBalance);
    const d = state.createDeployment(ctx.user, b, vault);
    return { body: { ...serDeployment(d), active_jobs: 0 } };
  }
  function listDeployments(ctx) {
    const q = ctx.query;
    const ids = csv(q.id); const statuses = csv(q.status); const strategies = csv(q.strategy);
    const search = q.search?.toLowerCase();
    const items = state.data.deployments.filter((d) => d.owner === ctx.user
      && (!search || d.id.toLowerCase().includes(search) || d.name.toLowerCase().includes(search))
      && (!ids || ids.includes(d.id)) && (q.name === undefined || d.name === q.name)
      && (!statuses || statuses.includes(d.status)) && (!strategies || strategies.includes(d.strategy))
      && (q.vault === undefined || d.vault === q.vault) && inRange(d.created_at, q.created_after, q.created_before));
    return { body: paginate(items, q, 'deployments', serDeployment) };
  }
  function getDeployment(ctx) { return { body: serDeployment(ctx.deployment) }; }
  function deleteDeployment(ctx) {
    if (ctx.deployment.status !== 'STOPPED') throw E_STATE();
    state.deleteDeployment(ctx.deployment);
    return { status: 204, body: undefined };
  }
  function start(ctx) {
    const d = ctx.deployment;
    if (!['DRAFT', 'STOPPED', 'ERROR', 'INSUFFICIENT_FUNDS'].includes(d.status)) throw E_STATE();
    d.updated_at = state.nowIso();
    state.setStatus(d, 'STARTING');
    return { body: { status: 'STARTING', updated_at: d.updated_at } };
  }
  function stop(ctx) {
    const d = ctx.deployment;
    if (d.status === 'ARCHIVED') throw E_ARCHIVED();
    if (!['RUNNING', 'ERROR', 'INSUFFICIENT_FUNDS'].includes(d.status)) throw E_STATE();
    d.updated_at = state.nowIso();
    state.setStatus(d, 'STOPPING');
    return { body: { status: 'STOPPING', updated_at: d.updated_at } };
  }
  function archive(ctx) {
    const d = ctx.deployment;
    if (d.status === 'ARCHIVED') throw E_ARCHIVED();
    if (d.status !== 'STOPPED') throw E_STATE();
    d.updated_at = state.nowIso();
    state.setStatus(d, 'ARCHIVED');
    return { body: { status: 'ARCHIVED', updated_at: d.updated_at } };
  }
  function updateName(ctx) {
    const d = ctx.deployment;
    if (d.name !== ctx.body.name) { d.name = ctx.body.name; d.updated_at = state.nowIso(); state.changed(); }
    return { body: { name: d.name, updated_at: d.updated_at } };
  }
  function updateReplicas(ctx) {
    state.updateReplicas(ctx.deployment, ctx.body.replicas);
    return { body: { replicas: ctx.deployment.replicas, updated_at: ctx.deployment.updated_at } };
  }
  function updateTimeout(ctx) {
    state.updateTimeout(ctx.deployment, ctx.body.timeout);
    return { body: { timeout: ctx.deployment.timeout, updated_at: ctx.deployment.updated_at } };
  }
  function updateSchedule(ctx) {
    const d = ctx.deployment;
    if (d.strategy !== 'SCHEDULED') throw fail(400, 'Deployment is using an incorrect strategy.');
    state.updateSchedule(d, ctx.body.schedule);
    return { body: { schedule: d.schedule, updated_at: d.updated_at } };
  }
  function createRevision(ctx) {
    const d = ctx.deployment;
    try { state.addRevision(d, ctx.body); } catch (err) { throw fail(500, err.message); }
    const revisions = state.data.revisions.filter((r) => r.deployment === d.id).sort(byCreated).map(serRevision);
    return { body: { active_revision: d.active_revision, endpoints: d.endpoints, revisions, updated_at: d.updated_at } };
  }
  function updateActiveRevision(ctx) {
    const d = ctx.deployment;
    const n = ctx.body.active_revision;
    if (!state.data.revisions.some((r) => r.deployment === d.id && r.revision === n)) throw fail(400, 'The specified revision does not exist.');
    state.setActiveRevision(d, n);
    return { body: { active_revision: d.active_revision, endpoints: d.endpoints, updated_at: d.updated_at } };
  }
  function listJobs(ctx) {
    const q = ctx.query; const states = csv(q.state);
    const items = state.jobsOf(ctx.deployment.id).filter((j) => (!states || states.includes(j.state))
      && (q.job === undefined || j.job === q.job) && inRange(j.created_at, q.created_after, q.created_before));
    return { body: paginate(items, q, 'jobs', serJob) };
  }
  function getJob(ctx) {
    const d = ctx.deployment;
    const j = state.jobsOf(d.id).find((x) => x.job === ctx.params.job);
    if (!j) throw fail(404, 'Job not found');
    const rev = state.data.revisions.find((r) => r.deployment === d.id && r.revision === j.revision);
    const finished = !ACTIVE.has(j.state);
    return { body: {
      confidential: d.confidential, revision: j.revision, market: j.market, node: j.node ?? SYSTEM_PROGRAM,
      state: JOB_STATE_NUM[j.state], jobStatus: null, jobDefinition: rev?.job_definition ?? {},
      jobResult: j.state === 'COMPLETED' ? { status: 'success', startTime: j.time_start * 1000, endTime: j.time_end * 1000,
        opStates: (rev?.job_definition?.ops ?? []).map((op) => ({ operationId: op.id, providerId: null, group: null, status: 'success',
          startTime: j.time_start * 1000, endTime: j.time_end * 1000, exitCode: 0, logs: [], results: {} })) } : null,
      timeStart: j.time_start, timeEnd: finished ? j.time_end : 0, listedAt: j.listed_at } };
  }
  function listRevisions(ctx) {
    const q = ctx.query;
    const items = state.data.revisions.filter((r) => r.deployment === ctx.deployment.id && inRange(r.created_at, q.created_after, q.created_before));
    return { body: paginate(items, q, 'revisions', serRevision) };
  }
  function listEvents(ctx) {
    const q = ctx.query; const cats = csv(q.category); const types = csv(q.type);
    const items = state.data.events.filter((e) => e.deploymentId === ctx.deployment.id && (!cats || cats.includes(e.category))
      && (!types || types.includes(e.type)) && inRange(e.created_at, q.created_after, q.created_before));
    return { body: paginate(items, q, 'events', serEvent) };
  }
  function listTasks(ctx) {
    const q = ctx.query; const kinds = csv(q.task);
    const items = state.tasksOf(ctx.deployment.id).filter((t) => (!kinds || kinds.includes(t.task)) && inRange(t.due_at, q.due_after, q.due_before));
    return { body: paginate(items, q, 'tasks', serTask) };
  }
  function header(ctx) {
    const v = state.vault(ctx.deployment.vault);
    if (!v?.secret) throw fail(500, 'Internal Server Error');
    const message = ctx.query.message ?? 'DEPLOYMENT_HEADER';
    let h = `${message}:${signMessage(Buffer.from(v.secret, 'hex'), message)}`;
    if (ctx.query.includeTime === 'true') h += `:${Date.now()}`;
    return { body: { header: h } };
  }
  function listVaults(ctx) {
    return { body: state.data.vaults.filter((v) => v.owner === ctx.user).sort(byCreated).map(serVault) };
  }
  function createVault(ctx) {
    const v = state.oldestVault(ctx.user) ?? state.createVault(ctx.user, opts.newVaultBalance);
    return { body: serVault(v) };
  }
  function withdraw(ctx) {
    const v = state.vault(ctx.params.vault);
    if (!v || v.owner !== ctx.user) throw fail(404, 'Vault not found.');
    if (!(v.balance.SOL > 0) && !(v.balance.NOS > 0)) throw fail(500, 'Vault has no funds to withdraw.');
    // A stand-in for the partially signed wire transaction: not a valid Solana transaction.
    return { body: { transaction: Buffer.concat([Buffer.from([1]), randomBytes(64), Buffer.from(`sandbox-withdraw:${v.vault}:${v.owner}`)]).toString('base64') } };
  }

  // ---------------- SSE (§4.6) ----------------
  function stream(ctx) {
    const { req, res, deployment: d } = ctx;
    const f = req._fault;
    if (f && f.type !== 'sse-reset') { send(ctx, req, res, 200, { error: 'fault' }); return undefined; }
    res.writeHead(200, { ...corsHeaders(req), 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders?.();
    const write = (frame) => { if (!res.destroyed) res.write(`data: ${JSON.stringify(frame)}\n\n`); };
    for (const frame of state.snapshot(d)) write(frame);
    const unsubscribe = state.subscribe(d.id, write);
    const ka = setInterval(() => { if (!res.destroyed) res.write(': keep-alive\n\n'); }, opts.keepAliveMs);
    ka.unref?.();
    let resetTimer = null;
    const entry = { res, close: () => { cleanup(); res.destroy(); } };
    function cleanup() { unsubscribe(); clearInterval(ka); if (resetTimer) clearTimeout(resetTimer); streams.delete(entry); }
    streams.add(entry);
    res.on('close', cleanup);
    if (f?.type === 'sse-reset') resetTimer = setTimeout(() => entry.close(), f.ms ?? 0);
    return undefined;
  }

  // ---------------- control routes (sandbox only, no auth) ----------------
  async function control(req, res, method, path, url) {
    const body = await new Promise((resolve) => {
      const chunks = []; req.on('data', (c) => chunks.push(c));
      req.on('end', () => { try { resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}); } catch { resolve(null); } });
    });
    const ok = (b, s = 200) => send(null, req, res, s, b);
    if (body === null) return ok({ error: 'invalid JSON' }, 400);
    let m;
    if (method === 'GET' && path === '/_sandbox/health') return ok({ status: 'ok', simNow: new Date(clock.now()).toISOString(), timeScale: clock.timeScale });
    if (method === 'GET' && path === '/_sandbox/demo-wallet') {
      return opts.seed ? ok({ address: DEMO_WALLET.address, secretKeyHex: DEMO_WALLET.secretHex, secretKeyBase58: DEMO_WALLET.secretBase58,
        solanaKeypairBase58: DEMO_WALLET.keypairBase58, warning: 'public throw-away key, sandbox only' }) : ok({ error: 'sandbox started without seed' }, 404);
    }
    if (method === 'GET' && path === '/_sandbox/state') return ok({ simNow: new Date(clock.now()).toISOString(), ...state.data, vaults: state.data.vaults.map(({ secret, ...v }) => v), strictViolations: state.strictViolations });
    if (method === 'POST' && path === '/_sandbox/faults') { faults = Array.isArray(body) ? body : Array.isArray(body.faults) ? body.faults : [body]; return ok({ faults }); }
    if (method === 'GET' && path === '/_sandbox/faults') return ok({ faults });
    if (method === 'DELETE' && path === '/_sandbox/faults') { faults = []; return ok({ faults }); }
    if (method === 'POST' && path === '/_sandbox/clock/advance') {
      const ms = Number(body.ms ?? 0) + Number(body.seconds ?? 0) * 1000 + Number(body.minutes ?? 0) * 60000;
      clock.advance(ms); state.tick();
      return ok({ simNow: new Date(clock.now()).toISOString() });
    }
    if (method === 'POST' && path === '/_sandbox/clock') {
      if (typeof body.timeScale === 'number' && body.timeScale > 0) clock.setTimeScale(body.timeScale);
      return ok({ simNow: new Date(clock.now()).toISOString(), timeScale: clock.timeScale });
    }
    if (method === 'POST' && path === '/_sandbox/streams/reset') { const n = streams.size; for (const s of [...streams]) s.close(); return ok({ closed: n }); }
    if ((m = path.match(/^\/_sandbox\/vaults\/([^/]+)\/balance$/))) {
      const v = state.vault(decodeURIComponent(m[1]));
      if (!v) return ok({ error: 'Vault not found.' }, 404);
      if (method === 'POST') {
        for (const k of ['SOL', 'NOS']) if (typeof body[k] === 'number' && body[k] >= 0) v.balance[k] = body[k];
        state.changed(); state.tick();
      }
      return ok({ vault: v.vault, owner: v.owner, balance: v.balance });
    }
    if (method === 'POST' && path === '/_sandbox/reset') {
      state.data = { seq: state.data.seq, vaults: [], deployments: [], revisions: [], jobs: [], events: [], tasks: [] };
      state.strictViolations.length = 0;
      if (opts.seed) seedDemo(state);
      state.changed();
      return ok({ reset: true });
    }
    return ok({ error: 'unknown sandbox control route' }, 404);
  }

  // ---------------- start ----------------
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(undefined); });
  });
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closed = false;
  return {
    url: `http://${hostForUrl}:${addr.port}`,
    port: addr.port,
    state,
    clock,
    warnings,
    demoWallet: opts.seed ? DEMO_WALLET : null,
    /** Replace the active faults. @param {Fault[]} list */
    setFaults(list) { faults = structuredClone(list); },
    /** Close every open SSE stream now (like the DM's closeAll). */
    resetStreams() { for (const s of [...streams]) s.close(); },
    /** Advance simulated time and run the worker. */
    advance(ms) { clock.advance(ms); state.tick(); },
    async close() {
      if (closed) return;
      closed = true;
      for (const s of [...streams]) { try { s.close(); } catch { /* already gone */ } }
      try { state.close(); } catch (err) { log(`sandbox: close: ${err}`); }
      await new Promise((resolve) => { server.close(() => resolve(undefined)); server.closeAllConnections?.(); });
    },
  };
}

/** Base58 helper re-export for callers that need to check addresses. */
export { base58Decode };
