// Job-definition helpers: a structural check in the style of the DM's typia validator,
// endpoint derivation (§4.1), and sample definitions for the seed and tests.
import { endpointHash } from './crypto.mjs';

// `ssh` (newer @nosana/types): the DM moves its keys onto the deployment (§6.3 of the addendum)
const TOP_KEYS = new Set(['version', 'type', 'logistics', 'deployment_id', 'meta', 'global', 'ops', 'ssh']);
const OP_KEYS = new Set(['type', 'id', 'args', 'results', 'execution']);
const RUN_KEYS = new Set(['image', 'aliases', 'cmd', 'volumes', 'expose', 'gpu', 'work_dir', 'entrypoint', 'env',
  'restart_policy', 'private', 'resources', 'authentication']);
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Structural job-definition check. Returns typia-style errors `{path, expected}` (empty when ok).
 * The finer per-field typing is left to the OpenAPI schema (ajv) when it is available.
 * @param {unknown} jd @returns {{path: string, expected: string}[]}
 */
export function checkJobDefinition(jd) {
  const errs = [];
  if (!isObj(jd)) return [{ path: '$input', expected: 'JobDefinition' }];
  for (const k of Object.keys(jd)) if (!TOP_KEYS.has(k)) errs.push({ path: `$input.${k}`, expected: 'undefined' });
  if (jd.version !== '0.1') errs.push({ path: '$input.version', expected: '"0.1"' });
  if (jd.type !== 'container') errs.push({ path: '$input.type', expected: '"container"' });
  if (!Array.isArray(jd.ops)) { errs.push({ path: '$input.ops', expected: 'Array<Operation>' }); return errs; }
  const seen = new Set();
  for (const op of jd.ops) {
    if (!isObj(op) || typeof op.id !== 'string' || seen.has(op.id)) {
      errs.push({ path: '$input.ops', expected: 'Array<> & UniqueById' });
      return errs; // typia short-circuits here
    }
    seen.add(op.id);
  }
  jd.ops.forEach((op, i) => {
    const p = `$input.ops[${i}]`;
    for (const k of Object.keys(op)) if (!OP_KEYS.has(k)) errs.push({ path: `${p}.${k}`, expected: 'undefined' });
    if (op.id.includes(' ')) errs.push({ path: `${p}.id`, expected: 'string & TagBase<__type>' });
    if (op.type !== 'container/run' && op.type !== 'container/create-volume') {
      errs.push({ path: `${p}.type`, expected: '("container/create-volume" | "container/run")' });
    }
    const a = op.args;
    const okRun = op.type === 'container/run' && isObj(a) && typeof a.image === 'string' && Object.keys(a).every((k) => RUN_KEYS.has(k));
    const okVol = op.type === 'container/create-volume' && isObj(a) && typeof a.name === 'string' && Object.keys(a).length === 1;
    if (!okRun && !okVol) errs.push({ path: `${p}.args`, expected: '(ContainerRun | ContainerCreateVolume)' });
  });
  return errs;
}

/** Ports exposed by one op's `expose` (numbers or strings; literal/spread markers skipped). */
function exposedPorts(expose) {
  if (expose === undefined || expose === null) return [];
  const list = Array.isArray(expose) ? expose : [expose];
  const out = [];
  for (const e of list) {
    if (typeof e === 'number') out.push(e);
    else if (typeof e === 'string') { if (!e.startsWith('%%')) out.push(e); }
    else if (isObj(e) && e.port !== undefined && e.__spread__ === undefined) out.push(e.port);
  }
  return out;
}

/**
 * `endpoints` of a deployment revision (§4.1; addendum §7): a single-port op keeps index 0 in its hash,
 * an op exposing more than one port gets one URL per port (the port in the hash). All start offline.
 * @param {any} jd @param {string} deploymentId @param {string} vault @param {string} domain
 * @returns {{opId: string, port: number|string, url: string, online: boolean}[]}
 */
export function deriveEndpoints(jd, deploymentId, vault, domain) {
  const inner = endpointHash(`${deploymentId}:${vault}`, 45);
  const out = [];
  for (const op of jd?.ops ?? []) {
    if (op?.type !== 'container/run') continue;
    const ports = exposedPorts(op.args?.expose);
    if (!ports.length) continue;
    for (const port of ports) {
      const slot = ports.length > 1 ? port : 0;
      out.push({ opId: op.id, port, url: `https://${endpointHash(`${op.id}:${slot}:${inner}`, 44)}.${domain}`, online: false });
    }
  }
  return out;
}

/** `hasExposedPorts`: a container/run op whose `expose` is a non-null scalar or a non-empty array. */
export function hasExposedPorts(jd) {
  return (jd?.ops ?? []).some((op) => op?.type === 'container/run'
    && op.args?.expose !== undefined && op.args?.expose !== null && (!Array.isArray(op.args.expose) || op.args.expose.length > 0));
}

/** The DM augments the stored definition with deployment_id and meta.trigger. */
export function augmentJobDefinition(jd, deploymentId) {
  const copy = structuredClone(jd);
  copy.deployment_id = deploymentId;
  copy.meta = { ...(isObj(copy.meta) ? copy.meta : {}), trigger: 'deployment-manager' };
  return copy;
}

/** The DM's own scenario fixture market. */
export const DEFAULT_MARKET = 'DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr';

export function nginxJobDefinition(opId = 'nginx') {
  return { version: '0.1', type: 'container', meta: { trigger: 'cli' },
    ops: [{ type: 'container/run', id: opId, args: { image: 'nginx:latest', expose: 80 } }] };
}

export function batchJobDefinition() {
  return { version: '0.1', type: 'container', meta: { trigger: 'cli' },
    ops: [{ type: 'container/run', id: 'hello', args: { image: 'ubuntu:24.04', cmd: ['echo', 'hello from nosana'] } }] };
}

export function ollamaJobDefinition() {
  return { version: '0.1', type: 'container', meta: { trigger: 'dashboard', system_requirements: { required_vram: 6 } },
    ops: [{ type: 'container/run', id: 'ollama', args: { image: 'docker.io/ollama/ollama:0.6.6', gpu: true,
      expose: [{ port: 11434, type: 'api', health_checks: [{ type: 'http', path: '/', method: 'GET', expected_status: 200, continuous: false }] }],
      resources: [{ type: 'Ollama', model: 'llama3.2:1b' }] } }] };
}
